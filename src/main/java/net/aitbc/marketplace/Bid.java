package net.aitbc.marketplace;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** A client's standing request for capacity at a price (the original page's bid form). */
@Entity
@Table(name = "mkt_bid")
public class Bid {

    @Id
    @Column(name = "bid_id")
    String bidId;
    @Column(name = "client_id")
    String clientId;
    String provider;
    int capacity;
    BigDecimal price;
    String notes;
    String status;
    @Column(name = "created_at")
    long createdAt;

    protected Bid() {
    }

    Bid(String bidId, String clientId) {
        this.bidId = bidId;
        this.clientId = clientId;
        this.status = "open";
    }
}
