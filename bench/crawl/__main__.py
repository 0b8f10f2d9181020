import sys

from bench.crawl.run import main

sys.exit(main())
