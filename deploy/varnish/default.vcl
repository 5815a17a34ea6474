# 阳光政务公开平台: the HTTP cache in front of the gunicorn instances (ADR 0022, docs/cluster.md).
#
# What is cached: GET/HEAD for anonymous visitors only, and only responses that say so
# (Cache-Control public / s-maxage / max-age, no Set-Cookie). Everything else passes: staff
# (a sessionid cookie), Authorization, /admin/, POST and the other methods, and responses that
# are private / no-store / no-cache or set a cookie. Cookies are stripped except the display
# preferences fs (字号), care (关怀版) and hc (高对比度), which are part of the cache key.
#
# Forgetting: the portal sends `BAN /` with `X-Ban-Url: ^(/path/|…)(\?|$)` after each commit that
# changes public pages (kernel/httpcache/purge.py), accepted only from the `purgers` ACL; PURGE
# of one URL is accepted too. Failover: the backends sit in a round-robin director with health
# probes; an idempotent request whose backend fails is retried on another one.
#
# site.vcl (searched first in the directories of vcl_path) declares the backends, the
# `next_backend` subroutine that picks another backend for a retry, and the `purgers` ACL:
# deploy/varnish/site.vcl for docker-compose, a generated one for `make cluster` and the
# proxy tests.

vcl 4.1;

import std;
import directors;

# An instance is sick after 3 failed checks of the last 5: a killed one within about 3 s
# (its refused connections fail at once, and next_backend retries the requests meanwhile);
# a busy one whose queue delays the check by up to 2 s stays in the director.
probe healthz {
    .url = "/healthz";
    .interval = 1s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
}

sub vcl_init {
    new cluster = directors.round_robin();
}

include "site.vcl";

sub vcl_recv {
    if (req.method == "BAN" || req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from this address."));
        }
        if (req.method == "PURGE") {
            return (purge);
        }
        if (!req.http.X-Ban-Url) {
            return (synth(400, "X-Ban-Url is required."));
        }
        ban("obj.http.X-Url ~ " + req.http.X-Ban-Url);
        return (synth(200, "Banned."));
    }

    set req.backend_hint = cluster.backend();
    unset req.http.X-Full-Cookie;
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin(/|$)" || req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;)\s*sessionid=") {
        return (pass);
    }

    # No stale-while-revalidate while a backend is healthy: an expired object is fetched
    # again while its visitors wait (one fetch per object, the others queue behind it). Each
    # stale hit would start a background fetch the visitor does not wait for, so a crawler
    # walking expired pages (searches live 60 s) sends the app instances as many fetches as
    # it likes; measured: the instances fell behind, both health probes timed out and every
    # miss got a 503 for seconds. When every backend is down, the stale copy is served for
    # its whole grace (6 h) instead of an error.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }

    if (req.http.Cookie) {
        # Kept whole for a backend fetch that turns out to be uncacheable (a form that needs
        # its csrftoken cookie): see vcl_backend_fetch.
        set req.http.X-Full-Cookie = req.http.Cookie;
        set req.http.Cookie = ";" + req.http.Cookie;
        set req.http.Cookie = regsuball(req.http.Cookie, ";\s*", ";");
        set req.http.Cookie = regsuball(req.http.Cookie, ";(fs|care|hc)=", "; \1=");
        set req.http.Cookie = regsuball(req.http.Cookie, ";[^ ][^;]*", "");
        set req.http.Cookie = regsuball(req.http.Cookie, "^[; ]+|[; ]+$", "");
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    if (req.http.Cookie) {
        hash_data(req.http.Cookie);
    }
    return (lookup);
}

sub vcl_backend_fetch {
    if (bereq.retries > 0) {
        # Another backend than the one that failed (site.vcl's next_backend).
        call next_backend;
        unset bereq.http.X-Failed-Backend;
    }
    if ((bereq.uncacheable || bereq.is_hitmiss) && bereq.http.X-Full-Cookie) {
        set bereq.http.Cookie = bereq.http.X-Full-Cookie;
    }
    unset bereq.http.X-Full-Cookie;
}

sub vcl_backend_response {
    # Bans are matched against this (the ban lurker can test it without the request).
    set beresp.http.X-Url = bereq.url;
    if (beresp.status >= 502 && beresp.status <= 504 && bereq.retries < 2
            && bereq.method ~ "^(GET|HEAD)$") {
        set bereq.http.X-Failed-Backend = beresp.backend.name;
        return (retry);
    }
    # A page is received whole before it is sent on. An instance killed between its headers
    # and its body then fails the fetch before the visitor has any of it, and vcl_synth
    # starts the request again (a retry on another instance); streamed, the visitor got a
    # cut-off answer (measured: 1 of 4,160 requests with an instance killed under load).
    # Answers without a length (the streamed open-data exports) and large files stream.
    if (std.integer(beresp.http.Content-Length, 2097152) <= 1048576) {
        set beresp.do_stream = false;
    }
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
            || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
            || beresp.http.Cache-Control !~ "(public|s-maxage|max-age)"
            || beresp.http.Vary == "*") {
        # Hit-for-miss: the next requests go straight to a backend, cookies and all.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.http.Cache-Control !~ "stale-while-revalidate") {
        set beresp.grace = 6h;
    }
    return (deliver);
}

sub vcl_backend_error {
    # The backend refused the connection or dropped it (an instance stopped or killed):
    # an idempotent request is retried on another backend, never the one that failed while
    # another is healthy (next_backend), even before the probe marks the dead one sick.
    # Two retries: with three instances, two may be down.
    set bereq.http.X-Failed-Backend = beresp.backend.name;
    if (bereq.retries < 2 && bereq.method ~ "^(GET|HEAD)$") {
        return (retry);
    }
}

sub vcl_synth {
    # A fetch that failed after the backend's headers (the instance died mid-answer): the
    # request starts again once, and its fetch goes to whichever instance answers.
    if (resp.status == 503 && req.restarts == 0 && req.method ~ "^(GET|HEAD)$") {
        return (restart);
    }
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.X-Url;
}
