"""Entry point for gunicorn and `flask --app wsgi`."""
from awareness import create_app

app = create_app()
