#ifndef VPNCTL_CNFTABLES_SHIM_H
#define VPNCTL_CNFTABLES_SHIM_H

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>

/* libnftables is loaded on first use, like libcurl (see CCurl): only the
 * daemon touches the firewall, and Debian's libnftables1 package (which
 * nftables depends on) ships the library without the -dev headers, so the
 * few calls used are declared here from libnftables(3), whose ABI is
 * versioned by the soname. */

struct nft_ctx;

#define VPNCTL_NFT_CTX_DEFAULT 0
#define VPNCTL_NFT_CTX_OUTPUT_HANDLE (1 << 3)
#define VPNCTL_NFT_CTX_OUTPUT_JSON (1 << 4)

struct vpnctl_nft_api {
    struct nft_ctx *(*ctx_new)(uint32_t flags);
    void (*ctx_free)(struct nft_ctx *ctx);
    unsigned int (*ctx_output_get_flags)(struct nft_ctx *ctx);
    void (*ctx_output_set_flags)(struct nft_ctx *ctx, unsigned int flags);
    int (*ctx_buffer_output)(struct nft_ctx *ctx);
    const char *(*ctx_get_output_buffer)(struct nft_ctx *ctx);
    int (*ctx_buffer_error)(struct nft_ctx *ctx);
    const char *(*ctx_get_error_buffer)(struct nft_ctx *ctx);
    int (*run_cmd_from_buffer)(struct nft_ctx *ctx, const char *buffer);
    int loaded;
};

static inline struct vpnctl_nft_api *vpnctl_nft_storage(void) {
    static struct vpnctl_nft_api api;
    return &api;
}

static inline void vpnctl_nft_load_once(void) {
    struct vpnctl_nft_api *api = vpnctl_nft_storage();
    void *library = dlopen("libnftables.so.1", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return;
    api->ctx_new = (struct nft_ctx *(*)(uint32_t))dlsym(library, "nft_ctx_new");
    api->ctx_free = (void (*)(struct nft_ctx *))dlsym(library, "nft_ctx_free");
    api->ctx_output_get_flags = (unsigned int (*)(struct nft_ctx *))dlsym(library, "nft_ctx_output_get_flags");
    api->ctx_output_set_flags = (void (*)(struct nft_ctx *, unsigned int))dlsym(library, "nft_ctx_output_set_flags");
    api->ctx_buffer_output = (int (*)(struct nft_ctx *))dlsym(library, "nft_ctx_buffer_output");
    api->ctx_get_output_buffer = (const char *(*)(struct nft_ctx *))dlsym(library, "nft_ctx_get_output_buffer");
    api->ctx_buffer_error = (int (*)(struct nft_ctx *))dlsym(library, "nft_ctx_buffer_error");
    api->ctx_get_error_buffer = (const char *(*)(struct nft_ctx *))dlsym(library, "nft_ctx_get_error_buffer");
    api->run_cmd_from_buffer = (int (*)(struct nft_ctx *, const char *))dlsym(library, "nft_run_cmd_from_buffer");
    api->loaded = api->ctx_new && api->ctx_free && api->ctx_output_get_flags && api->ctx_output_set_flags
        && api->ctx_buffer_output && api->ctx_get_output_buffer && api->ctx_buffer_error
        && api->ctx_get_error_buffer && api->run_cmd_from_buffer;
}

static inline const struct vpnctl_nft_api *vpnctl_nft_api(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, vpnctl_nft_load_once);
    return vpnctl_nft_storage();
}

#endif
