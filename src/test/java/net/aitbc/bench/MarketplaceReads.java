package net.aitbc.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestMiner;
import net.aitbc.testing.browser.Browsers;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Phase M: the marketplace's reads. {@link #MINERS} miners register with varied capabilities and list one GPU
 * each; then {@code bench.market.readers} readers ask {@code /v1/marketplace/offers} and
 * {@code /v1/marketplace/gpu/list} in a closed loop for {@code bench.market.seconds} each (both answer every
 * miner at once, so their cost grows with the market); then the page {@code /marketplace/}: the bytes a first
 * load fetches (the HTML, its scripts, style sheets and module preloads, and the modules they import), and, in a
 * headless Chromium, how long after navigation start the first offer cards are on screen.
 */
final class MarketplaceReads {

    static final int MINERS = Integer.getInteger("bench.market.miners", 1000);
    private static final int READERS = Integer.getInteger("bench.market.readers", 50);
    private static final int WARMUP = Integer.getInteger("bench.market.warmup", 30);
    /** The paced round: each reader asks this often (a page open polls every 5 s; 10/s each is 500 req/s in all). */
    private static final int PACED_RATE = Integer.getInteger("bench.market.rate", 10);
    private static final int SECONDS = Integer.getInteger("bench.market.seconds", 15);
    private static final int REGISTER_THREADS = 8;
    private static final int PAGE_LOADS = 5;
    private static final String PAGE = "/marketplace/";
    private static final double P99_TARGET_MS = 20;
    private static final double FIRST_LOAD_TARGET_KB = 150;
    private static final double OFFERS_SHOWN_TARGET_MS = 500;

    /** A GPU model and its memory, as real cards come (an L4 has 24 GB, never 80). */
    private record Gpu(String model, int vramGb) {
    }

    private static final List<Gpu> GPUS = List.of(new Gpu("NVIDIA RTX 4090", 24), new Gpu("NVIDIA A100", 40),
            new Gpu("NVIDIA L4", 24), new Gpu("NVIDIA H100", 80), new Gpu("NVIDIA RTX 4080", 16),
            new Gpu("NVIDIA A100", 80));
    private static final String[][] MODEL_SETS = {{"llama3.2"}, {"llama3.2", "mistral"}, {"mistral", "qwen2.5"},
            {"llama3.2", "mistral", "phi3"}};
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

    /**
     * Its own client rather than {@link Http}: the readers discard each body unread (Http would decode every
     * answer, about a megabyte for a thousand offers, into a String on the cores the coordinator shares), and the
     * page's files are wanted as they travelled (this JDK client does not decompress).
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** The tags of the page that load something on the first visit, and their attributes. */
    private static final Pattern TAG = Pattern.compile("<(script|link|base)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([\\w-]+)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");
    /**
     * A static import or re-export at the start of a line ({@code import {a,\n b} from './x.js'},
     * {@code import './x.js'}, {@code export * from './x.js'}); not {@code import('./x.js')}, which loads on
     * demand, nor an import quoted in a comment.
     */
    private static final Pattern IMPORT = Pattern.compile(
            "^\\s*(?:import|export)\\s*(?:[\\w$*{},\\s]+?\\s*from\\s*)?['\"]([^'\"]+)['\"]", Pattern.MULTILINE);

    private final CoordinatorSite site;
    private final List<String> summary;
    private final List<String> keys;

    MarketplaceReads(CoordinatorSite site, List<String> summary, int firstKey) {
        this.site = site;
        this.summary = summary;
        this.keys = site.minerKeys.subList(firstKey, firstKey + MINERS);
    }

    void run() throws Exception {
        registerAll();
        read("offers", r -> r.array().size());
        read("gpu/list", r -> r.json().getInt("total"));
        double firstLoadKb = firstLoadBytes() / 1024.0;
        List<Double> shown = offersShown();
        summary.add(String.format("M. page: first load %.1f KB (target ≤ %.0f KB), %s", firstLoadKb,
                FIRST_LOAD_TARGET_KB, shown.isEmpty() ? "offers on screen not measured (no Chromium)"
                        : String.format("offers on screen median %.0f ms (target ≤ %.0f ms)", shown.get(shown.size() / 2),
                        OFFERS_SHOWN_TARGET_MS)));
    }

    // --- 1. the market: miners and their GPU listings

    private void registerAll() throws Exception {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(REGISTER_THREADS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                int miner = i;
                work.add(pool.submit(() -> {
                    registerMiner(miner);
                    listGpu(miner);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("M. %d miners registered, one GPU listed each (%d threads), in %.1f s%n", keys.size(),
                REGISTER_THREADS, (System.nanoTime() - t0) / 1e9);
    }

    /** TestMiner.register's request plus a region, which it does not send (the region is not a capability). */
    private void registerMiner(int i) {
        Gpu gpu = GPUS.get(i % GPUS.size());
        JsonObject capabilities = TestMiner.gpu(gpu.model(), gpu.vramGb(), "12.2", MODEL_SETS[i % MODEL_SETS.length]);
        String body = Json.createObjectBuilder().add("capabilities", capabilities).add("concurrency", 1)
                .add("price_per_gpu_second", 1 + i % 5).add("region", region(i)).build().toString();
        Http.Response r = Http.post(site.coordinator.url("/v1/miners/register"), body, "X-Api-Key", keys.get(i));
        if (r.status() != 200) {
            throw new IllegalStateException("miner register: " + r);
        }
    }

    private void listGpu(int i) {
        Gpu gpu = GPUS.get(i % GPUS.size());
        String body = Json.createObjectBuilder().add("gpu", Json.createObjectBuilder().add("name", gpu.model())
                .add("memory_gb", gpu.vramGb()).add("price_per_hour", BigDecimal.valueOf(0.5 + (i % 10) / 4.0))
                .add("region", region(i))).build().toString();
        Http.Response r = Http.post(site.coordinator.url("/v1/marketplace/gpu/register"), body, "X-Api-Key",
                keys.get(i));
        if (r.status() != 201) {
            throw new IllegalStateException("gpu/register: " + r);
        }
    }

    private static String region(int i) {
        return REGIONS.get(i % REGIONS.size());
    }

    // --- 2. the two read paths under load

    /** What the readers of one path measured in their window. */
    private record Window(Latencies latencies, long errors, double seconds, double coordinatorCpu,
                          double benchmarkCpu) {
        double perSecond() {
            return latencies.count() / seconds;
        }
    }

    /** One read path: its size and count once, then the readers; {@code counted}: the miners an answer shows. */
    private void read(String path, ToIntFunction<Http.Response> counted) throws Exception {
        String url = site.coordinator.url("/v1/marketplace/" + path);
        Http.Response first = Http.get(url);
        if (first.status() != 200) {
            throw new IllegalStateException(path + ": " + first);
        }
        int shown = counted.applyAsInt(first);
        if (shown < MINERS) {
            throw new IllegalStateException(path + " shows " + shown + " miners; " + MINERS + " were registered");
        }
        HttpLoad.Size plain = HttpLoad.size(url);
        HttpLoad.Size gzip = HttpLoad.size(url, "Accept-Encoding", "gzip");
        System.out.printf("M. %s: %d miners shown, %d bytes plain, %d bytes when gzip is accepted (%s)%n", path,
                shown, plain.bytes(), gzip.bytes(), gzip.encoding());
        for (int rate : new int[] {0, PACED_RATE}) {
            Window w = readers(url, rate);
            String how = rate == 0 ? "as fast as they can" : "each " + rate + " req/s";
            System.out.printf("M. %s, %d readers %s, %.1f s: %.0f req/s, %s, %d errors%n", path, READERS, how,
                    w.seconds(), w.perSecond(), w.latencies().line(), w.errors());
            System.out.printf("M. %s CPU in the window: coordinator %.1f s (%.2f cores), this benchmark process %.1f s "
                    + "(%.2f cores)%n", path, w.coordinatorCpu(), w.coordinatorCpu() / w.seconds(), w.benchmarkCpu(),
                    w.benchmarkCpu() / w.seconds());
            Latencies l = w.latencies();
            summary.add(String.format("M. %s, %d miners, %d readers %s: %.0f req/s, p50/p95/p99 %.1f/%.1f/%.1f ms "
                    + "(target p99 ≤ %.0f ms), %d errors, coordinator %.2f cores", path, MINERS, READERS, how,
                    w.perSecond(), l.ms(50), l.ms(95), l.ms(99), P99_TARGET_MS, w.errors(),
                    w.coordinatorCpu() / w.seconds()));
        }
    }

    /**
     * {@link #READERS} threads asking {@code url} for {@link #SECONDS} after {@link #WARMUP} unrecorded ones: again as
     * soon as each has its answer ({@code perReaderRate} 0), or each at that many requests a second.
     */
    private Window readers(String url, int perReaderRate) throws InterruptedException {
        long interval = perReaderRate == 0 ? 0 : 1_000_000_000L / perReaderRate;
        // as a browser asks: gzip accepted (the body is then about a twentieth of the plain JSON)
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept-Encoding", "gzip").build();
        Latencies latencies = new Latencies();
        AtomicLong errors = new AtomicLong();
        long coordinatorPid = site.coordinatorPid();
        long ownPid = ProcessHandle.current().pid();
        // the readers run WARMUP seconds unrecorded first, so the window measures the warm path, not the JIT
        long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        double coordinatorCpu0;
        double ownCpu0;
        long t0;
        try {
            for (int t = 0; t < READERS; t++) {
                long offset = interval * t / READERS; // paced readers spread their turns over the interval
                pool.submit(() -> {
                    long due = System.nanoTime() + offset;
                    while (System.nanoTime() < end) {
                        if (interval > 0) {
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                try {
                                    TimeUnit.NANOSECONDS.sleep(wait);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                            due += interval;
                        }
                        long s = System.nanoTime();
                        boolean answered = ok(request);
                        if (s < measureFrom) {
                            continue;
                        }
                        if (answered) {
                            latencies.add(System.nanoTime() - s);
                        } else {
                            errors.incrementAndGet(); // a failed answer's latency would only blur the others'
                        }
                    }
                });
            }
            pool.shutdown();
            TimeUnit.NANOSECONDS.sleep(Math.max(0, measureFrom - System.nanoTime()));
            coordinatorCpu0 = ProcStat.cpuSeconds(coordinatorPid, true);
            ownCpu0 = ProcStat.cpuSeconds(ownPid, false);
            t0 = System.nanoTime();
            if (!pool.awaitTermination(SECONDS + 60L, TimeUnit.SECONDS)) {
                System.out.println("M. readers still busy 60 s after their window; stopped");
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Window(latencies, errors.get(), seconds, ProcStat.cpuSeconds(coordinatorPid, true) - coordinatorCpu0,
                ProcStat.cpuSeconds(ownPid, false) - ownCpu0);
    }

    /** Whether the request was answered 200; a failed request counts as an error, not as an end of the reader. */
    private static boolean ok(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // --- 3. the page's first-load weight

    /** One file as it travelled: the status, the body's bytes on the wire and their Content-Encoding. */
    private record Transfer(int status, byte[] wire, String encoding) {
        /** The body as text, decompressed when it came gzipped. */
        String text() throws IOException {
            if (!encoding.equalsIgnoreCase("gzip")) {
                return new String(wire, StandardCharsets.UTF_8);
            }
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(wire))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * The bytes a first visit fetches, as transferred with gzip accepted (the body's length; headers not counted):
     * the HTML, what its script and link (stylesheet, modulepreload) tags load, and every module those import,
     * each once. The JSON the page then asks for is not counted.
     */
    private long firstLoadBytes() throws Exception {
        URI page = URI.create(site.coordinator.url(PAGE));
        Map<URI, Transfer> fetched = new LinkedHashMap<>();
        Deque<URI> pending = new ArrayDeque<>(List.of(page));
        while (!pending.isEmpty()) {
            URI uri = pending.removeFirst();
            if (fetched.containsKey(uri)) {
                continue;
            }
            Transfer t = fetch(uri);
            fetched.put(uri, t);
            if (uri.equals(page)) {
                if (t.status() != 200) {
                    throw new IllegalStateException(PAGE + " answered " + t.status());
                }
                pending.addAll(pageResources(page, t.text()));
            } else if (t.status() == 200 && isModule(uri)) {
                pending.addAll(imports(uri, t.text()));
            }
        }
        long total = 0;
        for (Map.Entry<URI, Transfer> e : fetched.entrySet()) {
            Transfer t = e.getValue();
            total += t.wire().length;
            System.out.printf("M. page file %-44s %7.1f KB %s%s%n", e.getKey().getPath(), t.wire().length / 1024.0,
                    t.encoding(), t.status() == 200 ? "" : " (status " + t.status() + ")");
        }
        System.out.printf("M. page: first load %.1f KB in %d files (target ≤ %.0f KB)%n", total / 1024.0,
                fetched.size(), FIRST_LOAD_TARGET_KB);
        return total;
    }

    private static Transfer fetch(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept-Encoding", "gzip").build();
        HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Transfer(r.statusCode(), r.body(), r.headers().firstValue("Content-Encoding").orElse("identity"));
    }

    /** What the page's script and stylesheet/modulepreload link tags load, resolved against its base. */
    private static List<URI> pageResources(URI page, String html) {
        URI base = null;
        List<String> refs = new ArrayList<>();
        Matcher tag = TAG.matcher(html);
        while (tag.find()) {
            String name = tag.group(1).toLowerCase(Locale.ROOT);
            Map<String, String> a = attributes(tag.group(2));
            if (name.equals("base") && a.containsKey("href") && base == null) {
                base = page.resolve(a.get("href").strip()); // the first <base> holds for the whole document
            } else if (name.equals("script") && a.containsKey("src")) {
                refs.add(a.get("src"));
            } else if (name.equals("link") && a.containsKey("href") && loadsFirst(a.get("rel"))) {
                refs.add(a.get("href"));
            }
        }
        List<URI> out = new ArrayList<>();
        for (String ref : refs) {
            resolved(base != null ? base : page, ref, out);
        }
        return out;
    }

    private static Map<String, String> attributes(String tagBody) {
        Map<String, String> a = new HashMap<>();
        Matcher m = ATTRIBUTE.matcher(tagBody);
        while (m.find()) {
            a.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return a;
    }

    /** A stylesheet or a module preload: fetched on the first load (an icon or a prefetch need not be). */
    private static boolean loadsFirst(String rel) {
        return rel != null && Arrays.stream(rel.toLowerCase(Locale.ROOT).trim().split("\\s+"))
                .anyMatch(r -> r.equals("stylesheet") || r.equals("modulepreload"));
    }

    /** The modules a module imports statically, resolved against its own URL as the browser does. */
    private static List<URI> imports(URI module, String js) {
        List<URI> out = new ArrayList<>();
        Matcher m = IMPORT.matcher(js);
        while (m.find()) {
            String specifier = m.group(1);
            // a bare specifier ('lit') would need an import map; the page loads none
            if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("http")) {
                resolved(module, specifier, out);
            }
        }
        return out;
    }

    /** Adds {@code ref} resolved against {@code base} when it is fetched over HTTP (not data: or blob:). */
    private static void resolved(URI base, String ref, List<URI> out) {
        URI uri = base.resolve(ref.strip()).normalize();
        if ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) {
            out.add(uri);
        }
    }

    private static boolean isModule(URI uri) {
        String path = uri.getPath();
        return path != null && (path.endsWith(".js") || path.endsWith(".mjs"));
    }

    // --- 4. offers on screen in a real browser

    /** Milliseconds from navigation start to the first offer cards, one per fresh load, sorted; empty: no browser. */
    private List<Double> offersShown() {
        if (!Files.exists(Path.of(Browsers.CHROMIUM)) || !Files.exists(Path.of(Browsers.CHROMEDRIVER))) {
            System.out.println("M. page: no Chromium (" + Browsers.CHROMIUM + ", " + Browsers.CHROMEDRIVER
                    + "): offers on screen not measured");
            return List.of();
        }
        List<Double> shown = new ArrayList<>();
        ChromeDriver driver = Browsers.chromium();
        try {
            driver.manage().window().setSize(Browsers.DESKTOP);
            for (int load = 1; load <= PAGE_LOADS; load++) {
                driver.get("about:blank"); // so the mark read below can only be the new document's
                driver.get(site.coordinator.url(PAGE));
                Object at = new WebDriverWait(driver, Duration.ofSeconds(30)).until(d ->
                        ((JavascriptExecutor) d).executeScript("return document.body.dataset.offersShownAt"));
                double ms = Double.parseDouble(at.toString());
                int cards = driver.findElements(By.cssSelector("#offers .offer")).size();
                System.out.printf("M. page load %d: offers on screen at %.0f ms after navigation start, %d offer "
                        + "cards%n", load, ms, cards);
                shown.add(ms);
            }
        } finally {
            driver.quit();
        }
        shown.sort(null);
        System.out.printf("M. page: offers on screen min/median/max %.0f/%.0f/%.0f ms over %d loads (target ≤ %.0f "
                + "ms)%n", shown.get(0), shown.get(shown.size() / 2), shown.get(shown.size() - 1), shown.size(),
                OFFERS_SHOWN_TARGET_MS);
        return shown;
    }
}
