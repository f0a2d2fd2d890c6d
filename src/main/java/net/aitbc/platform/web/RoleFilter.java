package net.aitbc.platform.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import net.aitbc.platform.config.Role;
import net.aitbc.platform.config.ServerRoles;
import net.aitbc.platform.error.ErrorBody;

/** A path of a role this server does not run answers 404, as if the part were not deployed. */
public class RoleFilter extends HttpFilter {

    @Inject
    ServerRoles roles;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        Optional<Role> owner = Role.owning(path);
        if (owner.isPresent() && !roles.has(owner.get())) {
            ErrorBody.write(req, res, 404, "not_found", "no resource at " + path
                    + " (served by role '" + owner.get().id() + "', which this server does not run)");
            return;
        }
        chain.doFilter(req, res);
    }
}
