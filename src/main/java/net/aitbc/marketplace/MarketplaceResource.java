package net.aitbc.marketplace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.access.Caller;
import net.aitbc.coordinator.access.Callers;
import net.aitbc.coordinator.jobs.CoordinatorSettings;
import net.aitbc.coordinator.jobs.Pages;
import net.aitbc.platform.rest.RequestFields;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /v1/marketplace}: offers (the registered miners), the GPU registry with bookings and reviews, bids, pricing
 * and stats. Reads are public; writes take a miner key (listing a GPU), a client key or signed-in wallet (booking,
 * reviewing, bidding) or an admin key (sync-offers).
 */
@Path("v1/marketplace")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class MarketplaceResource {

    @Inject
    Callers callers;
    @Inject
    MarketplaceService market;
    @Inject
    OfferBoard board;
    @Inject
    GpuBoard gpuBoard;
    @Inject
    CoordinatorSettings settings;

    @GET
    @Path("offers")
    @Operation(summary = "Every registered miner as an offer, a bare JSON array: {id, provider, capacity, price, sla, "
            + "status (available|busy|offline), gpu_model, gpu_memory_gb, gpu_count, cuda_version, price_per_hour "
            + "(smallest AITBC units per GPU-hour = price_per_gpu_second × 3600), region, models, attributes {gpu_model, "
            + "gpu_memory_gb, cuda_version}, reliability {score, completed, failed, expired, online_ms, age_ms, "
            + "success_ratio, uptime, source (chain: counted from /rpc/receipts/outcomes?signer=<signer>; coordinator: "
            + "its own record while the chain cannot be asked), signer}}. " + Reliability.FORMULA)
    public Response offers(@QueryParam("status") String status, @HeaderParam("Accept-Encoding") String encoding) {
        if (status == null || status.isBlank()) {
            return board.offersJson().response(encoding); // the page's read: serialised once a second, not per request
        }
        JsonArrayBuilder out = MarketViews.array();
        for (OfferBoard.Offer o : board.offers()) {
            if (status.equalsIgnoreCase(MarketViews.status(o.miner()))) {
                out.add(MarketViews.offer(o, board.signer()));
            }
        }
        return Response.ok(out.build()).build();
    }

    @POST
    @Path("gpu/register")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A miner lists a GPU: {gpu: {name, memory_gb | memory, cuda_cores, compute_capability, "
            + "price_per_hour, description, region}} → 201 {gpu_id, status, message}; the owner is the miner key's id")
    public Response register(@Context HttpHeaders headers, String body) {
        Caller miner = callers.miner(headers);
        GpuListing g = market.register(miner.id(), RequestFields.objectOrEmpty(body));
        board.invalidate(); // its miner may have registered within the board's second
        gpuBoard.invalidate();
        return Response.status(201).entity(JsonCodec.createObjectBuilder().add("gpu_id", g.gpuId)
                .add("status", "registered").add("message", "GPU " + g.name + " listed for miner " + miner.id())
                .build()).build();
    }

    @GET
    @Path("gpu/list")
    @Operation(summary = "Listed GPUs {gpus, total}; filters: available=true, model (or gpu_model; a substring of the "
            + "name), max_price (or price_max; per hour), memory_min (or min_memory; GB), region")
    public Response list(@QueryParam("available") String available, @QueryParam("model") String model,
                         @QueryParam("gpu_model") String gpuModel, @QueryParam("max_price") String maxPrice,
                         @QueryParam("price_max") String priceMax, @QueryParam("memory_min") String memoryMin,
                         @QueryParam("min_memory") String minMemory, @QueryParam("region") String region,
                         @HeaderParam("Accept-Encoding") String encoding) {
        String name = first(model, gpuModel);
        BigDecimal price = number(maxPrice != null ? "max_price" : "price_max", first(maxPrice, priceMax));
        BigDecimal memoryGb = number(memoryMin != null ? "memory_min" : "min_memory", first(memoryMin, minMemory));
        Double memory = memoryGb == null ? null : memoryGb.doubleValue();
        boolean onlyAvailable = "true".equalsIgnoreCase(available) || "1".equals(available);
        boolean byRegion = region != null && !region.isBlank();
        if (name == null && price == null && memory == null && !onlyAvailable && !byRegion) {
            return gpuBoard.json().response(encoding);
        }
        JsonArrayBuilder gpus = MarketViews.array();
        int total = 0;
        for (GpuBoard.Entry e : gpuBoard.entries()) {
            GpuListing g = e.gpu();
            JsonObject view = e.view();
            if ((onlyAvailable && !view.getBoolean("available"))
                    || (name != null && !g.name.toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT)))
                    || (price != null && g.pricePerHour.compareTo(price) > 0)
                    || (memory != null && (g.memoryGb == null || g.memoryGb < memory))
                    || (byRegion && !region.equalsIgnoreCase(view.getString("region", "")))) {
                continue;
            }
            gpus.add(view);
            total++;
        }
        return Response.ok(JsonCodec.createObjectBuilder().add("gpus", gpus).add("total", total).build()).build();
    }

    @GET
    @Path("gpu/{id}")
    @Operation(summary = "One listed GPU with its status, ratings and its miner's reliability inputs next to the "
            + "score; 404 unknown. " + Reliability.FORMULA)
    public JsonObject gpu(@PathParam("id") String id) {
        GpuListing g = market.existing(id);
        return MarketViews.gpu(g, owners().get(g.minerId), market.activeBookings().get(id), market.ratings().get(id),
                board.signer());
    }

    @POST
    @Path("gpu/{id}/book")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Book a GPU {gpu_id?, duration_hours (default 1), job_id?} → 201 {booking_id, ...}; 409 "
            + "gpu_booked while another booking holds it; 404 unknown GPU")
    public Response book(@Context HttpHeaders headers, @PathParam("id") String id, String body) {
        Caller client = callers.client(headers);
        JsonObject fields = RequestFields.objectOrEmpty(body);
        String named = RequestFields.text(fields, "gpu_id", 40);
        if (named != null && !named.equals(id)) {
            throw ApiException.invalidField("gpu_id", "gpu_id " + named + " differs from the GPU in the path, " + id);
        }
        Booking b = market.book(id, client.id(), fields);
        gpuBoard.invalidate();
        return Response.status(201).entity(MarketViews.booking(b)).build();
    }

    @POST
    @Path("gpu/{id}/release")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "End the caller's booking of a GPU → {status: released, booking_id}; 409 not booked, 403 "
            + "booked by another client")
    public JsonObject release(@Context HttpHeaders headers, @PathParam("id") String id) {
        Booking b = market.release(id, callers.client(headers).id());
        gpuBoard.invalidate();
        return MarketViews.booking(b);
    }

    @GET
    @Path("gpu/{id}/reviews")
    @Operation(summary = "A GPU's reviews, newest first: {reviews, average_rating, total}")
    public JsonObject reviews(@PathParam("id") String id) {
        market.existing(id);
        List<Review> all = market.reviews(id);
        JsonArrayBuilder items = MarketViews.array();
        all.forEach(r -> items.add(MarketViews.review(r)));
        double avg = all.stream().mapToInt(r -> r.rating).average().orElse(0);
        return JsonCodec.createObjectBuilder().add("gpu_id", id).add("reviews", items)
                .add("average_rating", Math.round(avg * 100) / 100.0).add("total", all.size()).build();
    }

    @POST
    @Path("gpu/{id}/reviews")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Review a GPU {rating: 1..5, comment?} → 201 the review")
    public Response review(@Context HttpHeaders headers, @PathParam("id") String id, String body) {
        Review r = market.review(id, callers.client(headers).id(), RequestFields.objectOrEmpty(body));
        gpuBoard.invalidate();
        return Response.status(201).entity(MarketViews.review(r)).build();
    }

    @GET
    @Path("orders")
    @Operation(summary = "The caller's bookings, newest first: {orders, limit, offset}")
    public JsonObject orders(@Context HttpHeaders headers, @QueryParam("limit") Integer limit,
                             @QueryParam("offset") Integer offset) {
        Caller client = callers.client(headers);
        int l = Pages.limit(limit);
        int o = Pages.offset(offset);
        JsonArrayBuilder items = MarketViews.array();
        market.bookingsOf(client.id(), l, o).forEach(b -> items.add(MarketViews.booking(b)));
        return JsonCodec.createObjectBuilder().add("orders", items).add("limit", l).add("offset", o).build();
    }

    @POST
    @Path("bids")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Bid for capacity {provider?, capacity ≥ 1, price ≥ 0, notes?} → 201 {id, ...}")
    public Response bid(@Context HttpHeaders headers, String body) {
        Bid b = market.bid(callers.client(headers).id(), RequestFields.objectOrEmpty(body));
        return Response.status(201).entity(MarketViews.bid(b)).build();
    }

    @GET
    @Path("bids")
    @Operation(summary = "Bids, newest first: {bids, limit, offset}")
    public JsonObject bids(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        int l = Pages.limit(limit);
        int o = Pages.offset(offset);
        JsonArrayBuilder items = MarketViews.array();
        market.bids(l, o).forEach(b -> items.add(MarketViews.bid(b)));
        return JsonCodec.createObjectBuilder().add("bids", items).add("limit", l).add("offset", o).build();
    }

    @GET
    @Path("pricing/{model}")
    @Operation(summary = "Prices per GPU-hour of the online miners serving a model: {model, offers, min, max, average, "
            + "median, default_price_per_hour}; offers 0 (and no min/max) when none serves it")
    public JsonObject pricing(@PathParam("model") String model) {
        List<Long> prices = board.offers().stream().filter(o -> o.miner().online())
                .filter(o -> o.miner().capabilities().hasModel(model)).map(o -> MarketViews.pricePerHour(o.miner()))
                .sorted().toList();
        var b = JsonCodec.createObjectBuilder().add("model", model).add("offers", prices.size())
                .add("unit", "smallest AITBC units per GPU-hour")
                .add("default_price_per_hour", settings.unitPrice() * 3600);
        if (prices.isEmpty()) {
            return b.addNull("min_price_per_hour").addNull("max_price_per_hour").addNull("average_price_per_hour")
                    .addNull("median_price_per_hour").build();
        }
        double avg = prices.stream().mapToLong(Long::longValue).average().orElse(0);
        long median = prices.size() % 2 == 1 ? prices.get(prices.size() / 2)
                : (prices.get(prices.size() / 2 - 1) + prices.get(prices.size() / 2)) / 2;
        return b.add("min_price_per_hour", prices.get(0)).add("max_price_per_hour", prices.get(prices.size() - 1))
                .add("average_price_per_hour", Math.round(avg * 100) / 100.0).add("median_price_per_hour", median)
                .build();
    }

    @GET
    @Path("stats")
    @Operation(summary = "{totalOffers (online miners), openCapacity, averagePrice (per GPU-hour), activeBids, "
            + "utilisation (running jobs / capacity of the online miners), total_gpus, booked_gpus}")
    public JsonObject stats() {
        List<OfferBoard.Offer> online = board.offers().stream().filter(o -> o.miner().online()).toList();
        long capacity = online.stream().mapToLong(o -> o.miner().concurrency()).sum();
        long running = online.stream().mapToLong(o -> Math.min(o.miner().running(), o.miner().concurrency())).sum();
        double avg = online.stream().mapToLong(o -> MarketViews.pricePerHour(o.miner())).average().orElse(0);
        double utilisation = capacity == 0 ? 0 : Math.round(10_000.0 * running / capacity) / 10_000.0;
        return JsonCodec.createObjectBuilder().add("totalOffers", online.size())
                .add("openCapacity", capacity - running).add("averagePrice", Math.round(avg * 100) / 100.0)
                .add("activeBids", market.openBids()).add("utilisation", utilisation).add("utilization", utilisation)
                .add("total_gpus", market.gpus().size()).add("booked_gpus", market.activeBookings().size())
                .add("miners_registered", board.offers().size()).build();
    }

    @POST
    @Path("sync-offers")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "The admin dashboard's button (admin key): offers follow the miners by themselves, so "
            + "nothing is created → {status: ok, created_offers: 0, offer_ids: []}")
    public JsonObject syncOffers(@Context HttpHeaders headers) {
        callers.admin(headers);
        board.invalidate();
        gpuBoard.invalidate();
        return JsonCodec.createObjectBuilder().add("status", "ok").add("created_offers", 0)
                .add("offer_ids", JsonCodec.createArrayBuilder()).add("offers", board.offers().size()).build();
    }

    private Map<String, OfferBoard.Offer> owners() {
        return board.offers().stream().collect(Collectors.toMap(o -> o.miner().minerId(), Function.identity(),
                (a, b) -> a));
    }

    /** A numeric query parameter, or a 400 naming it (JAX-RS would answer a failed conversion with a 404). */
    private static BigDecimal number(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(name, name + " must be a number, not \"" + value + "\"");
        }
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }
}
