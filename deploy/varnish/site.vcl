# The backends and the purge ACL for docker-compose.yml (two app instances on the compose
# network). `make cluster` and the proxy tests generate their own site.vcl instead.

backend app1 {
    .host = "app1";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 60s;
}

backend app2 {
    .host = "app2";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 60s;
}

sub vcl_init {
    cluster.add_backend(app1);
    cluster.add_backend(app2);
}

# The app instances send the BANs; only the private compose network may purge.
acl purgers {
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}
