"""Key rotation of the TOTP secrets at rest: after a new key is put first in
TOTP_ENCRYPTION_KEYS, every stored secret is sealed again under it, one account per
transaction, so the old key can then be removed."""
from __future__ import annotations

import sqlalchemy as sa

from awareness.accounts import secrets
from awareness.accounts.models import User
from awareness.extensions import db


def sealed_accounts() -> list[int]:
    return list(db.session.scalars(sa.select(User.id).where(
        User.totp_secret_sealed.is_not(None)).order_by(User.id)))


def reseal_account(user_id: int) -> int:
    """Re-seal one account's secret under the first key; 1 if it was re-sealed. Commits."""
    user = db.session.get(User, user_id)
    if user is None or not user.totp_secret_sealed:
        return 0
    user.totp_secret_sealed = secrets.reseal(user.totp_secret_sealed)
    db.session.commit()
    return 1
