package net.aitbc.marketplace;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A client's hold on a GPU from {@code startsAt} to {@code endsAt} or until released. {@code activeGpu} is the
 * GPU's id while the booking holds it, else null: a unique index on it makes "one booking per GPU" the database's
 * rule, so two servers booking at once cannot both win.
 */
@Entity
@Table(name = "mkt_booking")
public class Booking {

    @Id
    @Column(name = "booking_id")
    String bookingId;
    @Column(name = "gpu_id")
    String gpuId;
    @Column(name = "client_id")
    String clientId;
    @Column(name = "duration_hours")
    double durationHours;
    @Column(name = "job_id")
    String jobId;
    @Column(name = "starts_at")
    long startsAt;
    @Column(name = "ends_at")
    long endsAt;
    @Column(name = "released_at")
    Long releasedAt;
    @Column(name = "active_gpu")
    String activeGpu;

    protected Booking() {
    }

    Booking(String bookingId, String gpuId, String clientId) {
        this.bookingId = bookingId;
        this.gpuId = gpuId;
        this.clientId = clientId;
    }

    boolean holds(long now) {
        return activeGpu != null && releasedAt == null && endsAt > now;
    }
}
