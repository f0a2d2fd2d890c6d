package net.aitbc.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An issued challenge; single use (used_at set on the login it served). */
@Entity
@Table(name = "identity_challenge")
public class SignInChallenge {

    @Id
    String nonce;
    String wallet;
    String message;
    @Column(name = "issued_at")
    long issuedAt;
    @Column(name = "expires_at")
    long expiresAt;
    @Column(name = "used_at")
    Long usedAt;

    protected SignInChallenge() {
    }

    SignInChallenge(SignInMessage m) {
        this.nonce = m.nonce();
        this.wallet = m.address();
        this.message = m.text();
        this.issuedAt = m.issuedAt().toEpochMilli();
        this.expiresAt = m.expiresAt().toEpochMilli();
    }
}
