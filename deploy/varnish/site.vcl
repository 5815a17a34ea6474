# The backends, next_backend and the purge ACL for docker-compose.yml (two app instances on
# the compose network). `make cluster` and the proxy tests generate their own site.vcl instead.

backend app1 {
    .host = "app1";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 60s;
    .max_connections = 64;
}

backend app2 {
    .host = "app2";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 60s;
    .max_connections = 64;
}

sub vcl_init {
    cluster.add_backend(app1);
    cluster.add_backend(app2);
}

sub next_backend {
    if (bereq.http.X-Failed-Backend == "app1" && std.healthy(app2)) {
        set bereq.backend = app2;
    } elsif (bereq.http.X-Failed-Backend == "app2" && std.healthy(app1)) {
        set bereq.backend = app1;
    } else {
        set bereq.backend = cluster.backend();
    }
}

# The app instances send the BANs; only the private compose network may purge.
acl purgers {
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}
