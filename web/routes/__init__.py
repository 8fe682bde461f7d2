"""The app's routers: residents, sign-in, staff pages, staff actions, users, JSON API."""
