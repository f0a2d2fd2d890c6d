package net.aitbc.coordinator.access;

/**
 * Verifies a signed-in wallet's bearer token and names the wallet; implemented by the identity feature (wallet
 * sign-in), which the coordinator does not import. Throws a 401 ApiException for an invalid, expired or revoked
 * token.
 */
public interface BearerTokens {

    String verify(String token);
}
