/*
 * Extension "photobridge.plugin-factory/1" (ABI 1.2): one shared library
 * that offers several plugins, one per definition file (after CLAP's plugin
 * factory, parameterised by files). photobridge's declarative plugin turns
 * each provider file NAME.provider.toml found on the plugin search path into
 * a plugin in its own right, with its own id, manifest and instances.
 *
 * Offered by a plugin library through pb_plugin_descriptor.get_extension
 * (PB_EXT_PLUGIN_FACTORY). The library's own descriptor stays a plugin of
 * its own (the factory), usually without streams or operations.
 *
 * How a host uses it: after loading every library on the search path, it
 * lists, in each folder of the search path, the files whose names end with
 * `file_suffix` and calls open() for each (sorted by name, in search-path
 * order). A descriptor open() returns is checked like an entry point's
 * (magic, ABI, id, functions, manifest, extensions); a duplicate id is
 * refused like a duplicate library. Instances of a factory plugin are made
 * with create(), never with the descriptor's own create (which a factory
 * may leave NULL).
 *
 * Conventions ([any-thread], borrowed, static) are those of plugin.h;
 * [loading] means: while the host loads plugins, one call at a time.
 */
#ifndef PHOTOBRIDGE_EXT_PLUGIN_FACTORY_H
#define PHOTOBRIDGE_EXT_PLUGIN_FACTORY_H

#include <photobridge/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PB_EXT_PLUGIN_FACTORY "photobridge.plugin-factory/1"

/*
 * The table returned for PB_EXT_PLUGIN_FACTORY. Static and never written by
 * the host. Append-only: a host checks struct_size before using a field
 * added later.
 */
typedef struct pb_ext_plugin_factory {
    size_t struct_size; /* sizeof(pb_ext_plugin_factory) at build time */

    /* The end of the names of the files this factory reads, e.g.
     * ".provider.toml". Static, never NULL or "". */
    const char *file_suffix;

    /* Reads one definition file and returns the descriptor of the plugin it
     * defines, or NULL with `error` filled (code PB_ERR_INVALID_ARGUMENT,
     * message one line: "FILE:LINE:COLUMN: the first problem (and N more)").
     *   path   the file, NUL-terminated, borrowed.
     * The descriptor and everything it points to are owned by the library
     * and live until it is unloaded. [loading] */
    const pb_plugin_descriptor *(*open)(const char *path, pb_error *error);

    /* Makes an instance of a plugin that open() returned, as
     * pb_plugin_descriptor.create does for an ordinary plugin (the same
     * contract for host, config_json and error). The instance is destroyed
     * with that descriptor's destroy() and called with its invoke() and
     * extensions. [any-thread] */
    pb_instance *(*create)(const pb_plugin_descriptor *plugin, const pb_host *host, const char *config_json,
                           size_t config_len, pb_error *error);

    /* Checks one definition file without keeping anything: writes into
     * `problems_json` a JSON array of every problem found,
     * [{"line": L, "column": C, "message": "..."}] (1-based; 0 when the
     * problem has no place in the file), empty when the file is good.
     * Returns PB_OK whether or not there are problems; PB_ERR_NOT_FOUND
     * when the file cannot be read. [any-thread] */
    int32_t (*validate)(const char *path, pb_sink *problems_json, pb_error *error);
} pb_ext_plugin_factory;

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
PB_STATIC_ASSERT(sizeof(pb_ext_plugin_factory) == 40, "pb_ext_plugin_factory layout");
#endif

#ifdef __cplusplus
}
#endif

#endif /* PHOTOBRIDGE_EXT_PLUGIN_FACTORY_H */
