package net.aitbc.cli.miner;

/** The coordinator's answer to a registration. The session token is a credential: never printed. */
public record Registration(String minerId, String sessionToken) {

    @Override
    public String toString() {
        return "Registration[minerId=" + minerId + "]";
    }
}
