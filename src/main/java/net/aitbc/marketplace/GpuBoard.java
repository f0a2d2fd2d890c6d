package net.aitbc.marketplace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.platform.rest.SerialisedJson;

/**
 * The GPU registry as the list shows it: every listing with its view (status from its miner and bookings, ratings,
 * reliability), read at most once a second and at once after a change on this server; the unfiltered answer is
 * serialised once for every reader. Another server's change shows here within the second.
 */
@ApplicationScoped
public class GpuBoard {

    private static final long FRESH_MILLIS = 1000;

    @jakarta.annotation.Resource
    jakarta.enterprise.concurrent.ManagedExecutorService executor;
    private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();
    /** Counts invalidations, so a background read begun before one does not replace what came after it. */
    private long generation;

    @Inject
    MarketplaceService market;
    @Inject
    OfferBoard offers;

    /** A listing and its view. */
    record Entry(GpuListing gpu, JsonObject view) {
    }

    record Board(long readAt, List<Entry> entries, SerialisedJson json) {
    }

    private volatile Board board = new Board(0, List.of(), null);

    List<Entry> entries() {
        return current().entries();
    }

    SerialisedJson json() {
        return current().json();
    }

    void invalidate() {
        synchronized (this) {
            board = new Board(0, List.of(), null);
            generation++;
        }
    }

    /**
     * The board: built here when there is none (at start, or after a change on this server); when it is only old,
     * the stale one is answered while one background task reads the new one, so no reader waits for a rebuild.
     */
    /** A miner registered or changed here: its GPUs' status follows at the next read. */
    void onMinersChanged(@jakarta.enterprise.event.Observes(during = jakarta.enterprise.event.TransactionPhase.AFTER_SUCCESS)
            net.aitbc.coordinator.jobs.MinersChanged event) {
        invalidate();
    }

    private Board current() {
        Board b = board;
        if (b.json() == null) {
            synchronized (this) {
                b = board;
                if (b.json() == null) {
                    b = board = read();
                }
            }
            return b;
        }
        if (System.currentTimeMillis() - b.readAt() > FRESH_MILLIS && refreshing.compareAndSet(false, true)) {
            try {
                executor.execute(this::refresh);
            } catch (RuntimeException e) {
                refreshing.set(false); // no executor (shutting down): the next reader tries again
            }
        }
        return b;
    }

    private void refresh() {
        long started;
        synchronized (this) {
            started = generation;
        }
        try {
            Board fresh = read();
            synchronized (this) {
                if (generation == started) { // a change meanwhile wins: its board is newer than this one
                    board = fresh;
                }
            }
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(getClass().getName()).log(java.util.logging.Level.WARNING,
                    "the marketplace board was not refreshed; the next reader tries again", e);
        } finally {
            refreshing.set(false);
        }
    }

    private Board read() {
        Map<String, OfferBoard.Offer> owners = offers.offers().stream()
                .collect(Collectors.toMap(o -> o.miner().minerId(), Function.identity(), (x, y) -> x));
        Map<String, Booking> booked = market.activeBookings();
        Map<String, double[]> ratings = market.ratings();
        List<Entry> entries = market.gpus().stream().map(g -> new Entry(g, MarketViews.gpu(g, owners.get(g.minerId),
                booked.get(g.gpuId), ratings.get(g.gpuId), offers.signer()))).toList();
        JsonArrayBuilder all = JsonCodec.createArrayBuilder();
        entries.forEach(e -> all.add(e.view()));
        JsonObject answer = JsonCodec.createObjectBuilder().add("gpus", all).add("total", entries.size()).build();
        return new Board(System.currentTimeMillis(), entries, SerialisedJson.of(answer));
    }
}
