"""The complaints mailbox (R-CHAN-2): read over IMAP, each message kept once, replies
threaded to their complaint, the rest queued for triage.

`parse` and `attachments` and `threads` are pure; `imap` speaks to the server, `store`
to PostgreSQL, and `reader` puts them together for the mailbox activity.
"""
