package net.aitbc.coordinator.access;

/**
 * Who is calling: the kind of credential and the stable id bound to it (never the key itself). For a signed-in
 * wallet the id is its address, which is then the client: its jobs, its escrows.
 */
public record Caller(Kind kind, String id) {

    public enum Kind { CLIENT, USER, MINER, ADMIN }

    /** A client key or a signed-in wallet: both act as the client. */
    public boolean isClient() {
        return kind == Kind.CLIENT || kind == Kind.USER;
    }
}
