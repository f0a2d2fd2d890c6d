package net.aitbc.chain.client;

import jakarta.json.JsonObject;

/** The node refused a request: its HTTP status and its JSON error body ({@code error}, {@code detail}, ...). */
public class ChainClientException extends RuntimeException {

    private final int status;
    private final JsonObject body;

    public ChainClientException(int status, JsonObject body) {
        super(status + " " + body);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String error() {
        return body.getString("error", "");
    }

    public JsonObject body() {
        return body;
    }
}
