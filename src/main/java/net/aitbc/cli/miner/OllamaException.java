package net.aitbc.cli.miner;

/**
 * Ollama refused a request or could not be reached. {@code status} is the HTTP status, 0 when Ollama did not
 * answer at all, or 200 for an error Ollama reported inside a stream it had already started.
 */
public final class OllamaException extends RuntimeException {

    private final int status;

    public OllamaException(int status, String message) {
        super(message);
        this.status = status;
    }

    public OllamaException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }

    public boolean unreachable() {
        return status == 0;
    }

    /** Ollama answers 404 for a model it has not pulled. */
    public boolean modelNotFound() {
        return status == 404;
    }
}
