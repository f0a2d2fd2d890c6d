package net.aitbc.marketplace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * The booking's own transaction, so that losing the race on the unique index (another booking holds the GPU)
 * rolls back only the attempt, and the caller turns it into a 409.
 */
@ApplicationScoped
public class BookingClaims {

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;

    @Transactional
    public Booking claim(String gpuId, String clientId, double hours, String jobId) {
        long now = System.currentTimeMillis();
        // a booking that ran out frees its GPU here, so the index only ever holds bookings still running
        em.createNativeQuery("UPDATE mkt_booking SET active_gpu = NULL WHERE active_gpu = ? AND ends_at <= ?")
                .setParameter(1, gpuId).setParameter(2, now).executeUpdate();
        Booking b = new Booking(MarketFields.newId("bk_"), gpuId, clientId);
        b.durationHours = hours;
        b.jobId = jobId;
        b.startsAt = now;
        b.endsAt = now + Math.round(hours * 3_600_000);
        b.activeGpu = gpuId;
        em.persist(b);
        em.flush(); // the unique index speaks here, inside this transaction
        return b;
    }
}
