"""gunicorn settings shared by `make run` and the README's production command.

The access log stays on, written by a logger that redacts the receipt token from every
line (the path of /avvik/kvittering/<token>/ is the key to an anonymous reporter's case).
"""

logger_class = "samhandling.gunicorn_logging.RedactingLogger"
accesslog = "-"
