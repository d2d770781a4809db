"""The Speakeasy engine tests are pure: no database, no Django set-up needed."""
