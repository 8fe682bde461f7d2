"""The web app: the complaints team's admin UI, the residents' forms and status page, and a
JSON API. It reads the read model and changes complaints only through workflow updates."""
