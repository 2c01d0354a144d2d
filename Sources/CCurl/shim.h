#ifndef VPNCTL_CCURL_SHIM_H
#define VPNCTL_CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/* libcurl is loaded on first use, not at program start: linked, it brings
 * some thirty libraries (TLS, Kerberos, LDAP, SSH...) whose loading and
 * constructors cost every `vpnctl` command milliseconds, also the ones that
 * only talk to the daemon. The soname is the one Debian's libcurl4 ships.
 *
 * curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot
 * call; the typed wrappers below are the rest of the shim. */

struct vpnctl_curl_api {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    CURLcode (*easy_perform)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *line);
    void (*slist_free_all)(struct curl_slist *list);
    int loaded;
};

/* State lives in function-local statics: Swift emits no storage for a
 * header's static globals, but does emit inline functions with theirs. */
static inline struct vpnctl_curl_api *vpnctl_curl_storage(void) {
    static struct vpnctl_curl_api api;
    return &api;
}

static inline void vpnctl_curl_load_once(void) {
    struct vpnctl_curl_api *api = vpnctl_curl_storage();
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return;
    api->global_init = (CURLcode (*)(long))dlsym(library, "curl_global_init");
    api->easy_init = (CURL *(*)(void))dlsym(library, "curl_easy_init");
    api->easy_cleanup = (void (*)(CURL *))dlsym(library, "curl_easy_cleanup");
    api->easy_perform = (CURLcode (*)(CURL *))dlsym(library, "curl_easy_perform");
    api->easy_strerror = (const char *(*)(CURLcode))dlsym(library, "curl_easy_strerror");
    api->easy_setopt = (CURLcode (*)(CURL *, CURLoption, ...))dlsym(library, "curl_easy_setopt");
    api->easy_getinfo = (CURLcode (*)(CURL *, CURLINFO, ...))dlsym(library, "curl_easy_getinfo");
    api->slist_append = (struct curl_slist *(*)(struct curl_slist *, const char *))dlsym(library, "curl_slist_append");
    api->slist_free_all = (void (*)(struct curl_slist *))dlsym(library, "curl_slist_free_all");
    api->loaded = api->global_init && api->easy_init && api->easy_cleanup && api->easy_perform
        && api->easy_strerror && api->easy_setopt && api->easy_getinfo && api->slist_append && api->slist_free_all;
}

static inline const struct vpnctl_curl_api *vpnctl_curl_api(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, vpnctl_curl_load_once);
    return vpnctl_curl_storage();
}

/* Whether libcurl.so.4 could be loaded; every other call needs it to be. */
static inline int vpnctl_curl_available(void) {
    return vpnctl_curl_api()->loaded;
}

static inline CURLcode vpnctl_curl_global_init(long flags) {
    return vpnctl_curl_available() ? vpnctl_curl_api()->global_init(flags) : CURLE_FAILED_INIT;
}

static inline CURL *vpnctl_curl_easy_init(void) { return vpnctl_curl_api()->easy_init(); }
static inline void vpnctl_curl_easy_cleanup(CURL *handle) { vpnctl_curl_api()->easy_cleanup(handle); }
static inline CURLcode vpnctl_curl_easy_perform(CURL *handle) { return vpnctl_curl_api()->easy_perform(handle); }
static inline const char *vpnctl_curl_easy_strerror(CURLcode code) { return vpnctl_curl_api()->easy_strerror(code); }

static inline struct curl_slist *vpnctl_curl_slist_append(struct curl_slist *list, const char *line) {
    return vpnctl_curl_api()->slist_append(list, line);
}

static inline void vpnctl_curl_slist_free_all(struct curl_slist *list) { vpnctl_curl_api()->slist_free_all(list); }

static inline CURLcode vpnctl_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return vpnctl_curl_api()->easy_setopt(handle, option, value);
}

static inline CURLcode vpnctl_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return vpnctl_curl_api()->easy_setopt(handle, option, value);
}

static inline CURLcode vpnctl_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return vpnctl_curl_api()->easy_setopt(handle, option, value);
}

static inline CURLcode vpnctl_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return vpnctl_curl_api()->easy_setopt(handle, option, value);
}

static inline CURLcode vpnctl_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return vpnctl_curl_api()->easy_setopt(handle, option, value);
}

typedef size_t (*vpnctl_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode vpnctl_curl_setopt_write_function(CURL *handle, vpnctl_curl_data_callback callback) {
    return vpnctl_curl_api()->easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode vpnctl_curl_setopt_header_function(CURL *handle, vpnctl_curl_data_callback callback) {
    return vpnctl_curl_api()->easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

/* CURLOPT_SOCKOPTFUNCTION: called on each socket the transfer opens, after
 * socket() and before connect(); `context` is CURLOPT_SOCKOPTDATA. Returns
 * CURL_SOCKOPT_OK, or CURL_SOCKOPT_ERROR to fail the transfer. */
typedef int (*vpnctl_curl_sockopt_callback)(void *context, curl_socket_t socket, curlsocktype purpose);

static inline CURLcode vpnctl_curl_setopt_sockopt_function(CURL *handle, vpnctl_curl_sockopt_callback callback) {
    return vpnctl_curl_api()->easy_setopt(handle, CURLOPT_SOCKOPTFUNCTION, callback);
}

static inline CURLcode vpnctl_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return vpnctl_curl_api()->easy_getinfo(handle, info, value);
}

#endif
