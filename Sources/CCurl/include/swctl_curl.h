// libcurl for the registry client, loaded with dlopen("libcurl.so.4") on
// first use: `swctl prepare` runs on every container start from the same
// binary, so swctl links no libcurl and only a pull pays for loading it.
// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot
// call: each option swctl uses gets a typed, non-variadic function here.
// Every function returns a CURLcode (0 = CURLE_OK) unless it says otherwise.
#pragma once
#include <stddef.h>
#include <stdint.h>

/// A body or header callback: `size * count` bytes at `data`; return that
/// product to go on, anything else aborts the transfer (CURLE_WRITE_ERROR).
typedef size_t (*swctl_curl_data_fn)(char *data, size_t size, size_t count, void *context);

/// Loads libcurl.so.4 and runs curl_global_init, once per process (safe to
/// call from several threads). 0 on success; otherwise -1 and the reason
/// (dlerror's text, or the missing symbol) in `reason`.
int swctl_curl_load(char *reason, size_t reason_size);

/// curl_version(): "libcurl/7.88.1 OpenSSL/3.0…". Only after a successful load.
const char *swctl_curl_version(void);

/// A new easy handle with swctl's fixed options (HTTP/HTTPS only, redirects
/// followed up to 10 times, no signals, an error buffer of
/// SWCTL_CURL_ERROR_SIZE bytes at `error_buffer`); NULL on failure.
void *swctl_curl_easy_new(char *error_buffer);
#define SWCTL_CURL_ERROR_SIZE 256
void swctl_curl_easy_free(void *easy);
int swctl_curl_easy_perform(void *easy);
/// curl_easy_strerror.
const char *swctl_curl_strerror(int code);

int swctl_curl_set_url(void *easy, const char *url);
/// "GET" or "HEAD" (no body is read).
int swctl_curl_set_method(void *easy, const char *method);
/// A curl_slist of "Name: value" lines, owned by the caller until the transfer ends.
int swctl_curl_set_headers(void *easy, void *list);
int swctl_curl_set_body_callback(void *easy, swctl_curl_data_fn function, void *context);
int swctl_curl_set_header_callback(void *easy, swctl_curl_data_fn function, void *context);
/// "START-" for a Range request resuming at START, NULL for the whole body.
int swctl_curl_set_range(void *easy, const char *range);
/// A PEM file of CA certificates that replaces the default store for this handle.
int swctl_curl_set_ca_file(void *easy, const char *path);
/// CURLOPT_PROXY ("" for none) and CURLOPT_NOPROXY (NULL for none).
int swctl_curl_set_proxy(void *easy, const char *proxy, const char *no_proxy);
/// Connection timeout, and the slowest transfer tolerated (below `low_speed_bytes`
/// per second for `low_speed_seconds` aborts it).
int swctl_curl_set_timeouts(void *easy, long connect_seconds, long low_speed_bytes, long low_speed_seconds);
int swctl_curl_set_user_agent(void *easy, const char *agent);

/// The last response's status code (0 before any response).
long swctl_curl_response_code(void *easy);
/// The URL of the last request after redirects (owned by the handle), or NULL.
const char *swctl_curl_effective_url(void *easy);

void *swctl_curl_slist_append(void *list, const char *line);
void swctl_curl_slist_free(void *list);
