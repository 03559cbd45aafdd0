# Shortcuts; the scripts in bin/ are the real commands.
.PHONY: run test bench bench-full

run:
	bin/run

test:
	bin/test

bench:
	bin/bench quick

bench-full:
	bin/bench full
