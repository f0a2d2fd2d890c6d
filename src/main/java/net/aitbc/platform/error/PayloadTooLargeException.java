package net.aitbc.platform.error;

import java.io.IOException;

/** Thrown while reading a body that grows past the limit (bodies without a Content-Length). */
public class PayloadTooLargeException extends IOException {
    public PayloadTooLargeException(long limit) {
        super("request body is larger than " + limit + " bytes");
    }
}
