package net.aitbc.marketplace;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigDecimal;
import java.util.Locale;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.Timestamps;
import net.aitbc.coordinator.jobs.MinerDirectory;

/** The marketplace's JSON: the fields the original's pages read, plus the reliability inputs next to the score. */
final class MarketViews {

    private MarketViews() {
    }

    /** A miner's price per GPU-hour in the chain's smallest unit: its price per GPU-second × 3600. */
    static long pricePerHour(MinerDirectory.Listing m) {
        return m.unitPrice() * 3600;
    }

    static String status(MinerDirectory.Listing m) {
        if (!m.online()) {
            return "offline";
        }
        return m.running() >= m.concurrency() ? "busy" : "available";
    }

    static JsonObject reliability(Reliability r, String source, String signer) {
        return JsonCodec.createObjectBuilder().add("score", r.score()).add("source", source).add("signer", signer)
                .add("completed", r.completed())
                .add("failed", r.failed()).add("expired", r.expired()).add("online_ms", r.onlineMs())
                .add("age_ms", r.ageMs()).add("success_ratio", round(r.successRatio()))
                .add("uptime", round(r.uptimeRatio())).build();
    }

    static JsonObject offer(OfferBoard.Offer o, String signer) {
        MinerDirectory.Listing m = o.miner();
        String gpu = m.capabilities().gpuModel() == null ? "unknown" : m.capabilities().gpuModel();
        long price = pricePerHour(m);
        JsonObjectBuilder attributes = JsonCodec.createObjectBuilder().add("gpu_model", gpu);
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("id", m.minerId()).add("provider", m.minerId())
                .add("miner_id", m.minerId()).add("capacity", m.concurrency())
                .add("open_capacity", Math.max(0, m.concurrency() - m.running())).add("price", price)
                .add("sla", String.format(Locale.ROOT, "%.1f%% uptime", 100 * o.reliability().uptimeRatio()))
                .add("status", status(m)).add("gpu_model", gpu).add("gpu_count", m.gpuCount())
                .add("price_per_hour", price).add("price_per_gpu_second", m.unitPrice());
        if (m.capabilities().vramGb() != null) {
            b.add("gpu_memory_gb", m.capabilities().vramGb());
            attributes.add("gpu_memory_gb", m.capabilities().vramGb());
        } else {
            b.addNull("gpu_memory_gb");
            attributes.addNull("gpu_memory_gb");
        }
        if (m.capabilities().cuda() != null) {
            b.add("cuda_version", m.capabilities().cuda());
            attributes.add("cuda_version", m.capabilities().cuda());
        } else {
            b.addNull("cuda_version");
            attributes.addNull("cuda_version");
        }
        if (m.region() != null) {
            b.add("region", m.region());
        } else {
            b.addNull("region");
        }
        return b.add("models", JsonCodec.createArrayBuilder(m.capabilities().models()))
                .add("attributes", attributes).add("reliability", reliability(o.reliability(), o.source(), signer))
                .add("last_heartbeat", Timestamps.format(m.lastHeartbeat())).build();
    }

    static JsonObject gpu(GpuListing g, OfferBoard.Offer owner, Booking booking, double[] rating, String signer) {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("id", g.gpuId).add("gpu_id", g.gpuId)
                .add("miner_id", g.minerId).add("name", g.name).add("model", g.name)
                .add("price_per_hour", g.pricePerHour).add("registered_at", Timestamps.format(g.registeredAt));
        addNullable(b, "memory_gb", g.memoryGb == null ? null : BigDecimal.valueOf(g.memoryGb));
        addNullable(b, "cuda_cores", g.cudaCores == null ? null : BigDecimal.valueOf(g.cudaCores));
        addText(b, "compute_capability", g.computeCapability);
        addText(b, "description", g.description);
        String region = g.region != null ? g.region : owner == null ? null : owner.miner().region();
        addText(b, "region", region);
        String status = owner == null || !owner.miner().online() ? "offline" : booking != null ? "booked" : "available";
        b.add("status", status).add("available", "available".equals(status));
        if (booking != null) {
            b.add("booked_until", Timestamps.format(booking.endsAt));
        }
        if (owner != null) {
            addText(b, "cuda_version", owner.miner().capabilities().cuda());
            b.add("models", JsonCodec.createArrayBuilder(owner.miner().capabilities().models()))
                    .add("reliability", reliability(owner.reliability(), owner.source(), signer));
        }
        return b.add("average_rating", rating == null ? 0 : round(rating[0]))
                .add("review_count", rating == null ? 0 : (long) rating[1]).build();
    }

    static JsonObject booking(Booking k) {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("booking_id", k.bookingId).add("id", k.bookingId)
                .add("gpu_id", k.gpuId).add("duration_hours", k.durationHours)
                .add("starts_at", Timestamps.format(k.startsAt)).add("ends_at", Timestamps.format(k.endsAt))
                .add("status", k.releasedAt != null ? "released" : k.holds(System.currentTimeMillis()) ? "booked" : "ended");
        addText(b, "job_id", k.jobId);
        if (k.releasedAt != null) {
            b.add("released_at", Timestamps.format(k.releasedAt));
        }
        return b.build();
    }

    static JsonObject review(Review r) {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("review_id", r.reviewId).add("id", r.reviewId)
                .add("gpu_id", r.gpuId).add("client_id", r.clientId).add("rating", r.rating)
                .add("created_at", Timestamps.format(r.createdAt));
        if (r.comment != null) {
            b.add("comment", r.comment);
        } else {
            b.addNull("comment");
        }
        return b.build();
    }

    static JsonObject bid(Bid x) {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("id", x.bidId).add("bid_id", x.bidId)
                .add("client_id", x.clientId).add("capacity", x.capacity).add("price", x.price)
                .add("status", x.status).add("created_at", Timestamps.format(x.createdAt));
        addText(b, "provider", x.provider);
        addText(b, "notes", x.notes);
        return b.build();
    }

    static JsonArrayBuilder array() {
        return JsonCodec.createArrayBuilder();
    }

    private static void addText(JsonObjectBuilder b, String name, String value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value);
        }
    }

    private static void addNullable(JsonObjectBuilder b, String name, BigDecimal value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value);
        }
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
