from orderdesk import __version__


def test_health_reports_version_and_request_id(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["version"] == __version__
    assert len(response.headers["x-request-id"]) == 32
    assert response.headers["server-timing"].startswith("app;dur=")


def test_incoming_request_id_is_propagated(client):
    response = client.get("/health", headers={"X-Request-ID": "trace-123"})
    assert response.headers["x-request-id"] == "trace-123"


def test_create_and_fetch_product(client):
    body = {"sku": "MUG-01", "name": "Enamel Mug", "price": "12.50", "tags": ["Kitchen"], "stock": 4}
    created = client.post("/api/v1/products", json=body)
    assert created.status_code == 201
    fetched = client.get("/api/v1/products/mug-01").json()
    assert fetched["slug"] == "enamel-mug"
    assert fetched["stock"] == 4
    assert fetched["price"] == "12.50"


def test_errors_have_a_stable_shape(client):
    response = client.get("/api/v1/products/NOPE-1", headers={"X-Request-ID": "abc"})
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "not_found",
        "message": "product 'NOPE-1' not found",
        "details": {"entity": "product", "key": "NOPE-1"},
        "request_id": "abc",
    }
