package io.daft.jdbc.server;

import org.apache.calcite.avatica.metrics.MetricsSystem;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.server.AvaticaProtobufHandler;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Avatica's protobuf handler behind HTTP Basic authentication against a {@link UsersFile} (when one is given),
 * plus {@code POST /daft/cancel?connection=ID&statement=N}, which stops a running statement (Avatica's protocol
 * has no cancel request), and a {@link DisconnectWatchdog} over the requests being served. A request without valid credentials gets 401 and nothing else; refusals are logged
 * with the user name and address, never the password.
 */
final class DaftHandler extends AvaticaProtobufHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DaftHandler.class);
    static final String CANCEL_PATH = "/daft/cancel";

    private final UsersFile users;
    private final DaftMeta meta;
    private final DisconnectWatchdog watchdog;

    DaftHandler(Service service, DaftMeta meta, UsersFile users, DisconnectWatchdog watchdog) {
        super(service);
        this.meta = meta;
        this.users = users;
        this.watchdog = watchdog;
        useCompactFrames(service);
    }

    /** Avatica's handler has no way to choose its encoder: replace it (see {@link CompactFrames}). */
    private void useCompactFrames(Service service) {
        try {
            java.lang.reflect.Field pb = org.apache.calcite.avatica.server.AvaticaProtobufHandler.class.getDeclaredField("pbHandler");
            java.lang.reflect.Field metrics = org.apache.calcite.avatica.server.AvaticaProtobufHandler.class.getDeclaredField("metrics");
            pb.setAccessible(true);
            metrics.setAccessible(true);
            pb.set(this, new ProtobufHandler(service, new CompactFrames(), (MetricsSystem) metrics.get(this)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("result frames use Avatica's default encoding: {}", e.toString());
        }
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (users != null && !authenticated(request)) {
            baseRequest.setHandled(true);
            response.setHeader("WWW-Authenticate", "Basic realm=\"daft\", charset=\"UTF-8\"");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        if (CANCEL_PATH.equals(target)) {
            baseRequest.setHandled(true);
            if (!"POST".equals(request.getMethod())) {
                response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
                return;
            }
            String connection = request.getParameter("connection");
            String statement = request.getParameter("statement");
            boolean ok;
            try {
                ok = connection != null && statement != null && meta.cancel(connection, Integer.parseInt(statement));
            } catch (NumberFormatException e) {
                ok = false;
            }
            response.setStatus(ok ? HttpServletResponse.SC_OK : HttpServletResponse.SC_NOT_FOUND);
            response.getOutputStream().write((ok ? "cancelled" : "no such statement").getBytes(StandardCharsets.UTF_8));
            return;
        }
        DisconnectWatchdog.Watch w = watchdog.begin(baseRequest);
        try {
            super.handle(target, baseRequest, request, response);
        } finally {
            watchdog.end(w);
        }
    }

    private boolean authenticated(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            LOG.debug("request from {} without credentials refused", request.getRemoteAddr());
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            LOG.warn("malformed Basic credentials from {} refused", request.getRemoteAddr());
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            LOG.warn("malformed Basic credentials from {} refused", request.getRemoteAddr());
            return false;
        }
        String user = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        try {
            if (users.check(user, password)) {
                return true;
            }
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        LOG.warn("authentication failed for user '{}' from {}", user, request.getRemoteAddr());
        return false;
    }
}
