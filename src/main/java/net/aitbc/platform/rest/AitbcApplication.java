package net.aitbc.platform.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The one JAX-RS application of the WAR, at the root. Resources carry their full paths ({@code v1/...},
 * {@code rpc/...}, {@code exchange/...}), so one OpenAPI document describes them all (Liberty documents only one
 * Application per WAR), and {@link StaticFileResource} serves the pages beside them. Every resource and provider
 * in the WAR is picked up by scanning; which of them answer is decided per server by the role filter.
 */
@ApplicationPath("/")
public class AitbcApplication extends Application {
}
