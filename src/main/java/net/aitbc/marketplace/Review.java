package net.aitbc.marketplace;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A client's rating (1–5) of a GPU, with an optional comment. */
@Entity
@Table(name = "mkt_review")
public class Review {

    @Id
    @Column(name = "review_id")
    String reviewId;
    @Column(name = "gpu_id")
    String gpuId;
    @Column(name = "client_id")
    String clientId;
    int rating;
    String comment;
    @Column(name = "created_at")
    long createdAt;

    protected Review() {
    }

    Review(String reviewId, String gpuId, String clientId) {
        this.reviewId = reviewId;
        this.gpuId = gpuId;
        this.clientId = clientId;
    }
}
