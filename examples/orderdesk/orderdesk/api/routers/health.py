"""Liveness and readiness probes for the load balancer."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from orderdesk import __version__
from orderdesk.api.deps import RepositoryDep, SettingsDep
from orderdesk.api.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut)
def health(settings: SettingsDep) -> HealthOut:
    """Liveness: the process is up and serving requests."""
    return HealthOut(status="ok", version=__version__, environment=settings.environment)


@router.get("/health/ready", response_model=HealthOut)
def ready(settings: SettingsDep, repository: RepositoryDep) -> JSONResponse:
    """Readiness: dependencies are reachable; 503 tells the balancer to wait."""
    checks = {"database": repository.ping()}
    healthy = all(checks.values())
    body = HealthOut(
        status="ok" if healthy else "degraded",
        version=__version__,
        environment=settings.environment,
        checks=checks,
    )
    return JSONResponse(body.model_dump(), status_code=200 if healthy else 503)
