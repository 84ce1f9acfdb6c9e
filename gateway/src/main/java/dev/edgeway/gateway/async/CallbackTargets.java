package dev.edgeway.gateway.async;

import dev.edgeway.gateway.provider.ProviderException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which hosts a callback may go to. With an allow-list, only those; without one, any host except
 * link-local addresses (169.254.0.0/16 and fe80::/10, where cloud metadata services answer) and
 * the gateway's own ports on this machine, so a caller cannot make the gateway call its own
 * protected API. Resolves names: blocking, call it off the event loop.
 */
final class CallbackTargets {

    private final Set<String> allowedHosts;
    private final Supplier<Set<Integer>> ownPorts;

    CallbackTargets(List<String> allowedHosts, Supplier<Set<Integer>> ownPorts) {
        this.allowedHosts = allowedHosts.stream()
                .map(host -> host.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.ownPorts = ownPorts;
    }

    /** Refuses a callback target with a 400 naming the reason. */
    void check(URI target) {
        String host = target.getHost().toLowerCase(Locale.ROOT);
        if (!allowedHosts.isEmpty()) {
            if (!allowedHosts.contains(host)) {
                throw refused(target, "host not in edgeway.async.callback.allowed-hosts");
            }
            return;
        }
        int port = target.getPort() >= 0 ? target.getPort() : target.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw refused(target, "unknown host");
        }
        for (InetAddress address : addresses) {
            if (address.isLinkLocalAddress()) {
                throw refused(target, "link-local address");
            }
            if (ownPorts.get().contains(port) && isThisMachine(address)) {
                throw refused(target, "the gateway's own port");
            }
        }
    }

    private static boolean isThisMachine(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true; // cannot tell: refuse rather than risk a call into ourselves
        }
    }

    private static ProviderException refused(URI target, String reason) {
        return ProviderException.badRequest("X-Callback-Url: " + target + " (not allowed: " + reason + ")");
    }
}
