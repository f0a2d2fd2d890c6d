package net.aitbc.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A session token ended by logout, remembered until it would have expired anyway. */
@Entity
@Table(name = "identity_revoked_token")
public class RevokedToken {

    @Id
    String jti;
    @Column(name = "expires_at")
    long expiresAt;

    protected RevokedToken() {
    }

    RevokedToken(String jti, long expiresAt) {
        this.jti = jti;
        this.expiresAt = expiresAt;
    }
}
