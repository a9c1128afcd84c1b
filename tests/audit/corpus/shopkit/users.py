import re
from dataclasses import dataclass

_USERNAME = re.compile(r"^[a-z][a-z0-9_]{2,15}$")


@dataclass
class User:
    username: str
    email: str
    active: bool = True

    def display_name(self) -> str:
        return self.username.replace("_", " ").title()


def normalize_email(email: str) -> str:
    local, _, domain = email.strip().partition("@")
    if not local or not domain:
        raise ValueError(f"invalid email {email!r}")
    return f"{local}@{domain.lower()}"


def validate_username(name: str) -> str:
    if not _USERNAME.match(name):
        raise ValueError(f"invalid username {name!r}")
    return name


def create_user(username: str, email: str) -> User:
    return User(validate_username(username), normalize_email(email))
