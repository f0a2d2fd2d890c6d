package net.aitbc.platform.rest;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Serves the static pages of src/main/webapp (explorer, marketplace, exchange page). A JAX-RS application at
 * the root hides the container's file serving, so files are served here, below every API path in matching
 * priority (the regular expression matches last). A single-page app's deep link (/explorer/block/12) gets the
 * app's index.html.
 */
@Path("")
public class StaticFileResource {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("woff2", "font/woff2"), Map.entry("webmanifest", "application/manifest+json"));
    /** Folders whose unknown sub-paths are client-side routes of the folder's index.html. */
    private static final String[] SINGLE_PAGE_APPS = {"explorer/", "marketplace/"};

    @Context
    ServletContext servletContext;

    @GET
    @Operation(hidden = true)
    public Response root(@Context Request request) {
        return file("", request);
    }

    @GET
    @Path("{path: .+}")
    @Operation(hidden = true)
    public Response file(@PathParam("path") String path, @Context Request request) {
        if (path.contains("..") || path.startsWith("WEB-INF") || path.startsWith("META-INF")) {
            throw new NotFoundException();
        }
        String resource = resolve(path);
        if (resource == null) {
            throw new NotFoundException();
        }
        try {
            URL url = servletContext.getResource("/" + resource);
            long modified = url.openConnection().getLastModified();
            EntityTag tag = new EntityTag(Long.toHexString(modified) + "-" + resource.hashCode());
            Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
            CacheControl cache = new CacheControl();
            cache.setNoCache(true); // revalidate each time; the ETag makes that cheap
            if (unchanged != null) {
                return unchanged.cacheControl(cache).build();
            }
            byte[] bytes;
            try (InputStream in = url.openStream()) {
                bytes = in.readAllBytes();
            }
            return Response.ok(bytes, type(resource)).tag(tag).cacheControl(cache)
                    .header("X-Content-Type-Options", "nosniff").build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file to serve for a path, or null: the file, a folder's index.html, or a single-page app's index. */
    private String resolve(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (exists(p) && !p.isEmpty() && !p.endsWith("/")) {
            return p;
        }
        String index = (p.isEmpty() || p.endsWith("/") ? p : p + "/") + "index.html";
        if (exists(index)) {
            return index;
        }
        for (String app : SINGLE_PAGE_APPS) {
            if (p.startsWith(app) && !p.substring(app.length()).contains(".") && exists(app + "index.html")) {
                return app + "index.html";
            }
        }
        return null;
    }

    private boolean exists(String p) {
        try {
            if (p.isEmpty() || p.endsWith("/")) {
                return false;
            }
            URL url = servletContext.getResource("/" + p);
            return url != null && !url.getPath().endsWith("/") && url.openConnection().getContentLengthLong() >= 0
                    && !new java.io.File(url.getPath()).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    private static String type(String resource) {
        int dot = resource.lastIndexOf('.');
        return TYPES.getOrDefault(dot < 0 ? "" : resource.substring(dot + 1), "application/octet-stream");
    }
}
