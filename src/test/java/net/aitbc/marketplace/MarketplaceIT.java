package net.aitbc.marketplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import net.aitbc.testing.CoordinatorCluster;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestMiner;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The marketplace API through HTTP on the shared coordinator site, each compat row with the request the original's
 * client or page sends: GPU registry with filters of both spellings, booking (409 when taken), release, reviews,
 * offers from live miners with the reliability inputs, bids, pricing, stats, sync-offers; bad input changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarketplaceIT {

    private CoordinatorCluster site;
    private LibertyServer a;

    @BeforeAll
    void start() {
        site = CoordinatorCluster.shared();
        a = site.a;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonArray array(Http.Response r) {
        try (var reader = Json.createReader(new StringReader(r.body()))) {
            return reader.readArray();
        }
    }

    /** The original miner's GPU registration body. */
    private String registerGpu(String minerKey, String name, double memoryGb, double pricePerHour) {
        String body = "{\"gpu\": {\"name\": \"" + name + "\", \"memory_gb\": " + memoryGb + ", \"cuda_cores\": 16384,"
                + " \"compute_capability\": \"8.9\", \"price_per_hour\": " + pricePerHour + ", \"description\": \"test\"}}";
        Http.Response r = Http.post(a.url("/v1/marketplace/gpu/register"), body, "X-Api-Key", minerKey);
        assertEquals(201, r.status(), r.toString());
        assertEquals("registered", r.json().getString("status"));
        assertTrue(r.json().getString("message").length() > 0);
        return r.json().getString("gpu_id");
    }

    private List<String> listedIds(String query) {
        Http.Response r = Http.get(a.url("/v1/marketplace/gpu/list" + query));
        assertEquals(200, r.status(), r.toString());
        return r.json().getJsonArray("gpus").getValuesAs(JsonObject.class).stream().map(g -> g.getString("gpu_id")).toList();
    }

    @Test
    void theGpuRegistryListsFiltersInBothSpellingsAndRefusesBadInputWithoutATrace() {
        String minerKey = site.minerKey();
        String model = unique("mkt-model");
        new TestMiner(minerKey, null).register(a, TestMiner.gpu("RTX 4090", 24, "12.2", model), 1);
        String tag = unique("gpu");
        String cheap = registerGpu(minerKey, tag + " RTX 4090", 24, 0.5);
        String big = registerGpu(minerKey, tag + " H100", 80, 2.0);
        String q = "?model=" + tag;
        assertEquals(List.of(cheap, big), listedIds(q));
        assertEquals(List.of(cheap), listedIds(q + "&price_max=1"), "price_max filters");
        assertEquals(List.of(cheap), listedIds(q + "&max_price=1"), "max_price filters the same");
        assertEquals(List.of(big), listedIds(q + "&memory_min=48"), "memory_min filters");
        assertEquals(List.of(big), listedIds("?gpu_model=" + tag + "%20H100"));
        assertEquals(List.of(cheap, big), listedIds(q + "&available=true"), "its miner is online, nothing booked");

        JsonObject one = Http.get(a.url("/v1/marketplace/gpu/" + cheap)).json();
        assertEquals(tag + " RTX 4090", one.getString("name"));
        assertEquals(24.0, one.getJsonNumber("memory_gb").doubleValue());
        assertEquals("available", one.getString("status"));
        assertTrue(one.getJsonArray("models").getValuesAs(jakarta.json.JsonString.class).stream()
                .anyMatch(s -> s.getString().equals(model)), one.toString());
        JsonObject rel = one.getJsonObject("reliability");
        Reliability recomputed = new Reliability(rel.getJsonNumber("completed").longValue(),
                rel.getJsonNumber("failed").longValue(), rel.getJsonNumber("expired").longValue(),
                rel.getJsonNumber("online_ms").longValue(), rel.getJsonNumber("age_ms").longValue());
        assertEquals(recomputed.score(), rel.getInt("score"), "the score follows from the inputs shown beside it");
        assertEquals(404, Http.get(a.url("/v1/marketplace/gpu/gpu_nonexistent")).status());

        // refusals: who may list, and what a listing needs; none of them lists anything
        String good = "{\"gpu\": {\"name\": \"" + tag + " refused\", \"price_per_hour\": 1}}";
        assertEquals(401, Http.post(a.url("/v1/marketplace/gpu/register"), good).status());
        assertEquals(403, Http.post(a.url("/v1/marketplace/gpu/register"), good, "X-Api-Key", site.clientKey()).status());
        Http.Response noName = Http.post(a.url("/v1/marketplace/gpu/register"), "{\"gpu\": {\"memory_gb\": 8}}",
                "X-Api-Key", minerKey);
        assertEquals(400, noName.status(), noName.toString());
        assertEquals("gpu.name", noName.json().getString("field"));
        Http.Response badPrice = Http.post(a.url("/v1/marketplace/gpu/register"), "{\"gpu\": {\"name\": \"" + tag
                + " refused\", \"price_per_hour\": -1}}", "X-Api-Key", minerKey);
        assertEquals(400, badPrice.status(), badPrice.toString());
        assertEquals("price_per_hour", badPrice.json().getString("field"));
        Http.Response badFilter = Http.get(a.url("/v1/marketplace/gpu/list?max_price=cheap"));
        assertEquals(400, badFilter.status(), badFilter.toString());
        assertEquals("max_price", badFilter.json().getString("field"));
        assertEquals(List.of(cheap, big), listedIds(q), "nothing refused was listed");
    }

    @Test
    void aGpuIsBookedOnceReleasedByItsBookerOnlyAndReviewedOneToFive() {
        String minerKey = site.minerKey();
        new TestMiner(minerKey, null).register(a, TestMiner.gpu("RTX 4090", 24, "12.2", unique("m")), 1);
        String tag = unique("book");
        String gpu = registerGpu(minerKey, tag + " L40S", 48, 1.25);
        String alice = site.clientKey();
        String bob = site.clientKey();

        Http.Response booked = Http.post(a.url("/v1/marketplace/gpu/" + gpu + "/book"), "{\"gpu_id\": \"" + gpu
                + "\", \"duration_hours\": 2}", "X-Api-Key", alice);
        assertEquals(201, booked.status(), booked.toString());
        String bookingId = booked.json().getString("booking_id");
        assertEquals("booked", booked.json().getString("status"));
        Http.Response taken = Http.post(a.url("/v1/marketplace/gpu/" + gpu + "/book"), "{\"duration_hours\": 1}",
                "X-Api-Key", bob);
        assertEquals(409, taken.status(), taken.toString());
        assertEquals("gpu_booked", taken.json().getString("error"));
        Http.Response onB = Http.post(site.b.url("/v1/marketplace/gpu/" + gpu + "/book"), "{}", "X-Api-Key", bob);
        assertEquals(409, onB.status(), "the other server sees the same booking: " + onB);
        assertEquals("booked", Http.get(a.url("/v1/marketplace/gpu/" + gpu)).json().getString("status"));
        assertFalse(listedIds("?model=" + tag + "&available=true").contains(gpu), "a booked GPU is not available");
        JsonObject orders = Http.get(a.url("/v1/marketplace/orders"), "X-Api-Key", alice).json();
        assertEquals(bookingId, orders.getJsonArray("orders").getJsonObject(0).getString("booking_id"));
        assertEquals(0, Http.get(a.url("/v1/marketplace/orders"), "X-Api-Key", bob).json().getJsonArray("orders").size());

        Http.Response wrongBody = Http.post(a.url("/v1/marketplace/gpu/" + gpu + "/book"), "{\"duration_hours\": 0}",
                "X-Api-Key", bob);
        assertEquals(400, wrongBody.status(), wrongBody.toString());
        assertEquals(403, Http.post(a.url("/v1/marketplace/gpu/" + gpu + "/release"), "", "X-Api-Key", bob).status());
        Http.Response released = Http.post(a.url("/v1/marketplace/gpu/" + gpu + "/release"), "", "X-Api-Key", alice);
        assertEquals(200, released.status(), released.toString());
        assertEquals("released", released.json().getString("status"));
        assertEquals(409, Http.post(a.url("/v1/marketplace/gpu/" + gpu + "/release"), "", "X-Api-Key", alice).status());
        assertEquals(201, Http.post(a.url("/v1/marketplace/gpu/" + gpu + "/book"), "{\"duration_hours\": 1}",
                "X-Api-Key", bob).status(), "free again after the release");

        Http.Response review = Http.post(a.url("/v1/marketplace/gpu/" + gpu + "/reviews"),
                "{\"rating\": 5, \"comment\": null}", "X-Api-Key", alice);
        assertEquals(201, review.status(), review.toString());
        assertEquals(201, Http.post(a.url("/v1/marketplace/gpu/" + gpu + "/reviews"), "{\"rating\": 2}",
                "X-Api-Key", bob).status());
        for (String bad : List.of("{\"rating\": 6}", "{\"rating\": 0}", "{\"comment\": \"no rating\"}", "{\"rating\": 4.5}")) {
            Http.Response refused = Http.post(a.url("/v1/marketplace/gpu/" + gpu + "/reviews"), bad, "X-Api-Key", alice);
            assertEquals(400, refused.status(), bad + " → " + refused);
            assertEquals("rating", refused.json().getString("field"));
        }
        JsonObject reviews = Http.get(a.url("/v1/marketplace/gpu/" + gpu + "/reviews")).json();
        assertEquals(2, reviews.getInt("total"), "the refused reviews left nothing");
        assertEquals(3.5, reviews.getJsonNumber("average_rating").doubleValue());
        assertEquals(3.5, Http.get(a.url("/v1/marketplace/gpu/" + gpu)).json().getJsonNumber("average_rating").doubleValue());
    }

    @Test
    void offersAreTheLiveMinersWithTheAttributesThePagesReadAndACompletedJobCountsOnceItsReceiptIsOnChain() {
        String model = unique("offer-model");
        TestMiner miner = new TestMiner(site.minerKey(), null).register(a, TestMiner.gpu("RTX 4090", 24, "12.2", model), 1);
        JsonObject offer = offerOf(miner.id());
        assertEquals(miner.id(), offer.getString("provider"));
        assertEquals("available", offer.getString("status"));
        assertEquals("RTX 4090", offer.getString("gpu_model"));
        assertEquals(24.0, offer.getJsonNumber("gpu_memory_gb").doubleValue());
        assertEquals("12.2", offer.getString("cuda_version"));
        assertEquals(3600, offer.getJsonNumber("price_per_hour").longValue(), "1 per GPU-second");
        assertEquals(offer.getJsonNumber("price_per_hour").longValue(), offer.getJsonNumber("price").longValue());
        JsonObject attributes = offer.getJsonObject("attributes");
        assertEquals("RTX 4090", attributes.getString("gpu_model"));
        assertEquals(24.0, attributes.getJsonNumber("gpu_memory_gb").doubleValue());
        assertEquals("12.2", attributes.getString("cuda_version"));
        for (String field : List.of("id", "capacity", "sla", "gpu_count", "region", "models", "reliability")) {
            assertTrue(offer.containsKey(field), field + " in " + offer);
        }
        assertEquals(0, offer.getJsonObject("reliability").getInt("completed"));

        JsonObject pricing = Http.get(a.url("/v1/marketplace/pricing/" + model)).json();
        assertEquals(1, pricing.getInt("offers"));
        assertEquals(3600, pricing.getJsonNumber("min_price_per_hour").longValue());
        assertEquals(0, Http.get(a.url("/v1/marketplace/pricing/" + unique("nobody"))).json().getInt("offers"));

        // a free job completed by this miner counts once its receipt claim is on chain
        Http.Response submitted = Http.post(a.url("/v1/jobs"), Json.createObjectBuilder().add("payload",
                Json.createObjectBuilder().add("model", model).add("prompt", "p")).build().toString(),
                "X-Api-Key", site.clientKey());
        assertEquals(201, submitted.status(), submitted.toString());
        String jobId = submitted.json().getString("job_id");
        assertEquals(jobId, miner.poll(a, 5).json().getString("job_id"));
        assertEquals(200, miner.result(a, jobId, Json.createObjectBuilder().add("output", "ok").build(),
                Json.createObjectBuilder().add("units", 1).build()).status());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long completed = 0;
        while (completed == 0 && System.nanoTime() < deadline) {
            completed = offerOf(miner.id()).getJsonObject("reliability").getJsonNumber("completed").longValue();
            sleep(250);
        }
        assertEquals(1, completed, "one completed job with its receipt claimed");

        // a failed job gets a FAILED receipt on chain too; the offer's counts are the chain's, recountable by anyone
        Http.Response second = Http.post(a.url("/v1/jobs"), Json.createObjectBuilder().add("payload",
                Json.createObjectBuilder().add("model", model).add("prompt", "p")).build().toString(),
                "X-Api-Key", site.clientKey());
        String failing = second.json().getString("job_id");
        assertEquals(failing, miner.poll(a, 5).json().getString("job_id"));
        assertEquals(200, miner.fail(a, failing, "out_of_memory").status());
        long failed = 0;
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonObject rel = null;
        while (failed == 0 && System.nanoTime() < deadline) {
            rel = offerOf(miner.id()).getJsonObject("reliability");
            failed = rel.getJsonNumber("failed").longValue();
            sleep(250);
        }
        assertEquals(1, failed, "the failure is on record: " + rel);
        assertEquals("chain", rel.getString("source"));
        JsonObject onChain = Http.get(site.node.url("/rpc/receipts/outcomes?signer=" + rel.getString("signer")
                + "&provider=" + miner.id())).json().getJsonArray("providers").getJsonObject(0);
        assertEquals(1, onChain.getInt("completed"));
        assertEquals(1, onChain.getInt("failed"));
        assertEquals(0, onChain.getInt("expired"));
        assertEquals(rel.getString("signer"), site.receiptKey.address(), "counted from the coordinator's receipts");
        JsonObject passedThrough = Http.get(a.url("/v1/explorer/receipts/outcomes?signer=" + rel.getString("signer")
                + "&provider=" + miner.id())).json().getJsonArray("providers").getJsonObject(0);
        assertEquals(onChain, passedThrough);
        assertEquals(400, Http.get(site.node.url("/rpc/receipts/outcomes")).status(), "the signer is required");

        // stats and the admin button
        JsonObject stats = Http.get(a.url("/v1/marketplace/stats")).json();
        for (String field : List.of("totalOffers", "openCapacity", "averagePrice", "activeBids", "utilisation")) {
            assertTrue(stats.containsKey(field), field + " in " + stats);
        }
        assertTrue(stats.getInt("totalOffers") >= 1);
        Http.Response sync = Http.post(a.url("/v1/marketplace/sync-offers"), "", "X-Api-Key", CoordinatorCluster.ADMIN);
        assertEquals(200, sync.status(), sync.toString());
        assertEquals("ok", sync.json().getString("status"));
        assertEquals(0, sync.json().getInt("created_offers"));
        assertEquals(0, sync.json().getJsonArray("offer_ids").size());
        assertEquals(403, Http.post(a.url("/v1/marketplace/sync-offers"), "", "X-Api-Key", site.clientKey()).status());
    }

    @Test
    void bidsAreKeptAndListed() {
        String provider = unique("provider");
        long before = Http.get(a.url("/v1/marketplace/stats")).json().getJsonNumber("activeBids").longValue();
        Http.Response bid = Http.post(a.url("/v1/marketplace/bids"), "{\"provider\": \"" + provider
                + "\", \"capacity\": 4, \"price\": 0.75, \"notes\": \"overnight\"}", "X-Api-Key", site.clientKey());
        assertEquals(201, bid.status(), bid.toString());
        String id = bid.json().getString("id");
        JsonObject listed = Http.get(a.url("/v1/marketplace/bids?limit=100")).json().getJsonArray("bids")
                .getValuesAs(JsonObject.class).stream().filter(b -> b.getString("id").equals(id)).findFirst().orElseThrow();
        assertEquals(provider, listed.getString("provider"));
        assertEquals(4, listed.getInt("capacity"));
        assertEquals(0.75, listed.getJsonNumber("price").doubleValue());
        assertEquals(401, Http.post(a.url("/v1/marketplace/bids"), "{\"capacity\": 1, \"price\": 1}").status());
        Http.Response noCapacity = Http.post(a.url("/v1/marketplace/bids"), "{\"price\": 1}", "X-Api-Key", site.clientKey());
        assertEquals(400, noCapacity.status());
        assertEquals("capacity", noCapacity.json().getString("field"));
        assertTrue(Http.get(a.url("/v1/marketplace/stats")).json().getJsonNumber("activeBids").longValue() >= before + 1);
    }

    private JsonObject offerOf(String minerId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            Http.Response r = Http.get(a.url("/v1/marketplace/offers"));
            assertEquals(200, r.status(), r.toString());
            var found = array(r).getValuesAs(JsonObject.class).stream()
                    .filter(o -> o.getString("id").equals(minerId)).findFirst();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found.orElseThrow(() -> new AssertionError("no offer for " + minerId));
            }
            sleep(200); // the board is at most a second old
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
