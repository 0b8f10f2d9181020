"""The bundled demo site: pages built from `seeds/`, served on 127.0.0.1 by `palimpsest demo`."""
