package net.aitbc.marketplace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import net.aitbc.platform.rest.RequestFields;
import net.aitbc.platform.error.ApiException;

/** The GPU registry, bookings, reviews and bids: each change one database transaction. */
@ApplicationScoped
public class MarketplaceService {

    static final double MAX_HOURS = 24 * 365;

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    BookingClaims claims;

    /** Lists a GPU for {@code minerId}: {gpu: {name, memory_gb | memory, cuda_cores, compute_capability, price_per_hour, description, region}}. */
    @Transactional
    public GpuListing register(String minerId, JsonObject body) {
        JsonObject gpu = body.get("gpu") instanceof JsonObject g ? g : body; // the original nests it; flat is fine too
        String name = RequestFields.text(gpu, "name", 200);
        if (name == null) {
            name = RequestFields.text(gpu, "model", 200);
        }
        if (name == null || name.isBlank()) {
            throw ApiException.invalidField("gpu.name", "gpu.name (the GPU's model name) is required");
        }
        GpuListing g = new GpuListing(MarketFields.newId("gpu_"), minerId);
        g.name = name.strip();
        BigDecimal memory = MarketFields.eitherDecimal(gpu, "memory_gb", "memory", 0, 1_000_000);
        g.memoryGb = memory == null ? null : memory.doubleValue();
        Long cores = RequestFields.integer(gpu, "cuda_cores", 0, 10_000_000);
        g.cudaCores = cores == null ? null : cores.intValue();
        g.computeCapability = RequestFields.text(gpu, "compute_capability", 16);
        BigDecimal price = MarketFields.decimal(gpu, "price_per_hour", 0, 1e15);
        g.pricePerHour = price == null ? BigDecimal.ZERO : price;
        g.description = RequestFields.text(gpu, "description", 2000);
        g.region = RequestFields.text(gpu, "region", 64);
        g.registeredAt = System.currentTimeMillis();
        em.persist(g);
        return g;
    }

    @Transactional
    public Optional<GpuListing> gpu(String gpuId) {
        return Optional.ofNullable(em.find(GpuListing.class, gpuId));
    }

    GpuListing existing(String gpuId) {
        return gpu(gpuId).orElseThrow(() -> ApiException.notFound("GPU " + gpuId + " is not listed"));
    }

    @Transactional
    public List<GpuListing> gpus() {
        return em.createQuery("SELECT g FROM GpuListing g ORDER BY g.registeredAt, g.gpuId", GpuListing.class)
                .getResultList();
    }

    /** The bookings that hold a GPU now, by GPU id. */
    @Transactional
    public java.util.Map<String, Booking> activeBookings() {
        long now = System.currentTimeMillis();
        java.util.Map<String, Booking> held = new java.util.HashMap<>();
        em.createQuery("SELECT b FROM Booking b WHERE b.activeGpu IS NOT NULL", Booking.class).getResultList()
                .stream().filter(b -> b.holds(now)).forEach(b -> held.put(b.gpuId, b));
        return held;
    }

    /**
     * Books a GPU for {@code clientId}: {duration_hours (default 1), job_id?}; 409 while another booking holds it.
     * The unique index on the held GPU decides between two concurrent bookings (see {@link BookingClaims}).
     */
    public Booking book(String gpuId, String clientId, JsonObject body) {
        GpuListing gpu = existing(gpuId);
        BigDecimal hours = MarketFields.decimal(body, "duration_hours", 0.01, MAX_HOURS);
        double duration = hours == null ? 1.0 : hours.doubleValue();
        String jobId = RequestFields.text(body, "job_id", 64);
        try {
            return claims.claim(gpu.gpuId, clientId, duration, jobId);
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw booked(gpuId);
            }
            throw e;
        }
    }

    static ApiException booked(String gpuId) {
        return new ApiException(409, "gpu_booked", "GPU " + gpuId + " is booked; try another or wait for its release");
    }

    /** Ends the caller's booking of a GPU; 409 when it is not booked, 403 when another client booked it. */
    @Transactional
    public Booking release(String gpuId, String clientId) {
        existing(gpuId);
        long now = System.currentTimeMillis();
        Booking b = em.createQuery("SELECT b FROM Booking b WHERE b.activeGpu = :gpu", Booking.class)
                .setParameter("gpu", gpuId).getResultList().stream().filter(x -> x.holds(now)).findFirst()
                .orElseThrow(() -> new ApiException(409, "not_booked", "GPU " + gpuId + " is not booked"));
        if (!b.clientId.equals(clientId)) {
            throw new ApiException(403, "forbidden", "GPU " + gpuId + " is booked by another client");
        }
        b.releasedAt = now;
        b.activeGpu = null;
        return b;
    }

    @Transactional
    public List<Booking> bookingsOf(String clientId, int limit, int offset) {
        return em.createQuery("SELECT b FROM Booking b WHERE b.clientId = :c ORDER BY b.startsAt DESC, b.bookingId",
                Booking.class).setParameter("c", clientId).setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** {rating: 1..5, comment?} */
    @Transactional
    public Review review(String gpuId, String clientId, JsonObject body) {
        existing(gpuId);
        Long rating = RequestFields.integer(body, "rating", 1, 5);
        if (rating == null) {
            throw ApiException.invalidField("rating", "rating (an integer from 1 to 5) is required");
        }
        Review r = new Review(MarketFields.newId("rev_"), gpuId, clientId);
        r.rating = rating.intValue();
        r.comment = RequestFields.text(body, "comment", 2000);
        r.createdAt = System.currentTimeMillis();
        em.persist(r);
        return r;
    }

    @Transactional
    public List<Review> reviews(String gpuId) {
        return em.createQuery("SELECT r FROM Review r WHERE r.gpuId = :g ORDER BY r.createdAt DESC, r.reviewId",
                Review.class).setParameter("g", gpuId).getResultList();
    }

    /** Average rating and count per GPU id: {avg, count}. */
    @Transactional
    public java.util.Map<String, double[]> ratings() {
        java.util.Map<String, double[]> out = new java.util.HashMap<>();
        for (Object[] r : em.createQuery("SELECT r.gpuId, AVG(r.rating), COUNT(r) FROM Review r GROUP BY r.gpuId",
                Object[].class).getResultList()) {
            out.put((String) r[0], new double[] {((Number) r[1]).doubleValue(), ((Number) r[2]).doubleValue()});
        }
        return out;
    }

    /** {provider?, capacity ≥ 1, price ≥ 0, notes?} */
    @Transactional
    public Bid bid(String clientId, JsonObject body) {
        Bid b = new Bid(MarketFields.newId("bid_"), clientId);
        b.provider = RequestFields.text(body, "provider", 200);
        Long capacity = RequestFields.integer(body, "capacity", 1, 1_000_000);
        if (capacity == null) {
            throw ApiException.invalidField("capacity", "capacity (GPUs wanted, an integer ≥ 1) is required");
        }
        b.capacity = capacity.intValue();
        b.price = MarketFields.required(body, "price", 0, 1e15);
        b.notes = RequestFields.text(body, "notes", 2000);
        b.createdAt = System.currentTimeMillis();
        em.persist(b);
        return b;
    }

    @Transactional
    public List<Bid> bids(int limit, int offset) {
        return em.createQuery("SELECT b FROM Bid b ORDER BY b.createdAt DESC, b.bidId", Bid.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Transactional
    public long openBids() {
        return em.createQuery("SELECT COUNT(b) FROM Bid b WHERE b.status = 'open'", Long.class).getSingleResult();
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
