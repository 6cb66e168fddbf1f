// See include/swctl_curl.h: libcurl reached through dlopen, with typed
// wrappers for its variadic calls.
#include "swctl_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

// The option and info numbers are libcurl's ABI (curl.h); they are spelled
// here so building swctl does not need libcurl's headers. When the headers
// are present they are checked against them.
enum {
    OPT_WRITEDATA = 10001, OPT_URL = 10002, OPT_ERRORBUFFER = 10010, OPT_WRITEFUNCTION = 20011,
    OPT_USERAGENT = 10018, OPT_LOW_SPEED_LIMIT = 19, OPT_LOW_SPEED_TIME = 20, OPT_HTTPHEADER = 10023,
    OPT_HEADERDATA = 10029, OPT_CUSTOMREQUEST = 10036, OPT_NOBODY = 44, OPT_FOLLOWLOCATION = 52,
    OPT_MAXREDIRS = 68, OPT_CAINFO = 10065, OPT_HEADERFUNCTION = 20079, OPT_HTTPGET = 80,
    OPT_NOSIGNAL = 99, OPT_CONNECTTIMEOUT = 78, OPT_RANGE = 10007, OPT_PROTOCOLS = 181,
    OPT_REDIR_PROTOCOLS = 182, OPT_ACCEPT_ENCODING = 10102, OPT_PROXY = 10004, OPT_NOPROXY = 10177,
    INFO_RESPONSE_CODE = 0x200000 + 2, INFO_EFFECTIVE_URL = 0x100000 + 1,
    PROTO_HTTP = 1 << 0, PROTO_HTTPS = 1 << 1, GLOBAL_DEFAULT = 3,
};

#if __has_include(<curl/curl.h>)
#include <curl/curl.h>
_Static_assert(OPT_WRITEDATA == CURLOPT_WRITEDATA && OPT_URL == CURLOPT_URL, "curl ABI");
_Static_assert(OPT_ERRORBUFFER == CURLOPT_ERRORBUFFER && OPT_WRITEFUNCTION == CURLOPT_WRITEFUNCTION, "curl ABI");
_Static_assert(OPT_USERAGENT == CURLOPT_USERAGENT && OPT_LOW_SPEED_LIMIT == CURLOPT_LOW_SPEED_LIMIT, "curl ABI");
_Static_assert(OPT_LOW_SPEED_TIME == CURLOPT_LOW_SPEED_TIME && OPT_HTTPHEADER == CURLOPT_HTTPHEADER, "curl ABI");
_Static_assert(OPT_HEADERDATA == CURLOPT_HEADERDATA && OPT_CUSTOMREQUEST == CURLOPT_CUSTOMREQUEST, "curl ABI");
_Static_assert(OPT_NOBODY == CURLOPT_NOBODY && OPT_FOLLOWLOCATION == CURLOPT_FOLLOWLOCATION, "curl ABI");
_Static_assert(OPT_MAXREDIRS == CURLOPT_MAXREDIRS && OPT_CAINFO == CURLOPT_CAINFO, "curl ABI");
_Static_assert(OPT_HEADERFUNCTION == CURLOPT_HEADERFUNCTION && OPT_HTTPGET == CURLOPT_HTTPGET, "curl ABI");
_Static_assert(OPT_NOSIGNAL == CURLOPT_NOSIGNAL && OPT_CONNECTTIMEOUT == CURLOPT_CONNECTTIMEOUT, "curl ABI");
_Static_assert(OPT_RANGE == CURLOPT_RANGE && OPT_PROTOCOLS == CURLOPT_PROTOCOLS, "curl ABI");
_Static_assert(OPT_REDIR_PROTOCOLS == CURLOPT_REDIR_PROTOCOLS, "curl ABI");
_Static_assert(OPT_ACCEPT_ENCODING == CURLOPT_ACCEPT_ENCODING, "curl ABI");
_Static_assert(OPT_PROXY == CURLOPT_PROXY && OPT_NOPROXY == CURLOPT_NOPROXY, "curl ABI");
_Static_assert(INFO_RESPONSE_CODE == CURLINFO_RESPONSE_CODE, "curl ABI");
_Static_assert(INFO_EFFECTIVE_URL == CURLINFO_EFFECTIVE_URL, "curl ABI");
_Static_assert(PROTO_HTTP == CURLPROTO_HTTP && PROTO_HTTPS == CURLPROTO_HTTPS, "curl ABI");
_Static_assert(GLOBAL_DEFAULT == CURL_GLOBAL_DEFAULT, "curl ABI");
#endif

static struct {
    int (*global_init)(long flags);
    char *(*version)(void);
    void *(*easy_init)(void);
    void (*easy_cleanup)(void *easy);
    int (*easy_perform)(void *easy);
    int (*easy_setopt)(void *easy, int option, ...);
    int (*easy_getinfo)(void *easy, int info, ...);
    const char *(*easy_strerror)(int code);
    void *(*slist_append)(void *list, const char *line);
    void (*slist_free_all)(void *list);
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];
static int load_status = -1;

static void load(void) {
    void *handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "%s", reason ? reason : "libcurl.so.4: cannot open");
        return;
    }
#define SYMBOL(field, name)                                                                  \
    do {                                                                                     \
        *(void **)&api.field = dlsym(handle, name);                                          \
        if (!api.field) {                                                                    \
            snprintf(load_error, sizeof load_error, "libcurl.so.4 has no %s", name);       \
            return;                                                                          \
        }                                                                                    \
    } while (0)
    SYMBOL(global_init, "curl_global_init");
    SYMBOL(version, "curl_version");
    SYMBOL(easy_init, "curl_easy_init");
    SYMBOL(easy_cleanup, "curl_easy_cleanup");
    SYMBOL(easy_perform, "curl_easy_perform");
    SYMBOL(easy_setopt, "curl_easy_setopt");
    SYMBOL(easy_getinfo, "curl_easy_getinfo");
    SYMBOL(easy_strerror, "curl_easy_strerror");
    SYMBOL(slist_append, "curl_slist_append");
    SYMBOL(slist_free_all, "curl_slist_free_all");
#undef SYMBOL
    // curl_global_init is not thread-safe: run it here, under pthread_once,
    // before any thread makes a handle.
    int code = api.global_init(GLOBAL_DEFAULT);
    if (code != 0) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed (code %d)", code);
        return;
    }
    load_status = 0;
}

int swctl_curl_load(char *reason, size_t reason_size) {
    pthread_once(&load_once, load);
    if (load_status != 0 && reason && reason_size > 0) snprintf(reason, reason_size, "%s", load_error);
    return load_status;
}

const char *swctl_curl_version(void) { return api.version(); }

void *swctl_curl_easy_new(char *error_buffer) {
    void *easy = api.easy_init();
    if (!easy) return NULL;
    // Worker threads: no SIGALRM-based timeouts.
    if (api.easy_setopt(easy, OPT_NOSIGNAL, 1L) != 0 || api.easy_setopt(easy, OPT_ERRORBUFFER, error_buffer) != 0 ||
        api.easy_setopt(easy, OPT_PROTOCOLS, (long)(PROTO_HTTP | PROTO_HTTPS)) != 0 ||
        api.easy_setopt(easy, OPT_REDIR_PROTOCOLS, (long)(PROTO_HTTP | PROTO_HTTPS)) != 0 ||
        api.easy_setopt(easy, OPT_FOLLOWLOCATION, 1L) != 0 || api.easy_setopt(easy, OPT_MAXREDIRS, 10L) != 0) {
        api.easy_cleanup(easy);
        return NULL;
    }
    error_buffer[0] = 0;
    return easy;
}

void swctl_curl_easy_free(void *easy) { api.easy_cleanup(easy); }
int swctl_curl_easy_perform(void *easy) { return api.easy_perform(easy); }
const char *swctl_curl_strerror(int code) { return api.easy_strerror(code); }

int swctl_curl_set_url(void *easy, const char *url) { return api.easy_setopt(easy, OPT_URL, url); }

int swctl_curl_set_method(void *easy, const char *method) {
    if (strcmp(method, "HEAD") == 0) return api.easy_setopt(easy, OPT_NOBODY, 1L);
    if (strcmp(method, "GET") == 0) return api.easy_setopt(easy, OPT_HTTPGET, 1L);
    return api.easy_setopt(easy, OPT_CUSTOMREQUEST, method);
}

int swctl_curl_set_headers(void *easy, void *list) { return api.easy_setopt(easy, OPT_HTTPHEADER, list); }

int swctl_curl_set_body_callback(void *easy, swctl_curl_data_fn function, void *context) {
    int code = api.easy_setopt(easy, OPT_WRITEFUNCTION, function);
    return code ? code : api.easy_setopt(easy, OPT_WRITEDATA, context);
}

int swctl_curl_set_header_callback(void *easy, swctl_curl_data_fn function, void *context) {
    int code = api.easy_setopt(easy, OPT_HEADERFUNCTION, function);
    return code ? code : api.easy_setopt(easy, OPT_HEADERDATA, context);
}

int swctl_curl_set_range(void *easy, const char *range) { return api.easy_setopt(easy, OPT_RANGE, range); }
int swctl_curl_set_ca_file(void *easy, const char *path) { return api.easy_setopt(easy, OPT_CAINFO, path); }

int swctl_curl_set_proxy(void *easy, const char *proxy, const char *no_proxy) {
    int code = api.easy_setopt(easy, OPT_PROXY, proxy);
    return code ? code : api.easy_setopt(easy, OPT_NOPROXY, no_proxy);
}

int swctl_curl_set_timeouts(void *easy, long connect_seconds, long low_speed_bytes, long low_speed_seconds) {
    int code = api.easy_setopt(easy, OPT_CONNECTTIMEOUT, connect_seconds);
    if (!code) code = api.easy_setopt(easy, OPT_LOW_SPEED_LIMIT, low_speed_bytes);
    return code ? code : api.easy_setopt(easy, OPT_LOW_SPEED_TIME, low_speed_seconds);
}

int swctl_curl_set_user_agent(void *easy, const char *agent) { return api.easy_setopt(easy, OPT_USERAGENT, agent); }

long swctl_curl_response_code(void *easy) {
    long code = 0;
    return api.easy_getinfo(easy, INFO_RESPONSE_CODE, &code) == 0 ? code : 0;
}

const char *swctl_curl_effective_url(void *easy) {
    char *url = NULL;
    return api.easy_getinfo(easy, INFO_EFFECTIVE_URL, &url) == 0 ? url : NULL;
}

void *swctl_curl_slist_append(void *list, const char *line) { return api.slist_append(list, line); }
void swctl_curl_slist_free(void *list) { api.slist_free_all(list); }
