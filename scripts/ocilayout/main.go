// Command ocilayout turns a Docker image copied by `skopeo copy ... dir:FOLDER`
// into an OCI image layout, keeping the image config byte for byte:
//
//	go run ./scripts/ocilayout -tag 1 FOLDER LAYOUT
//
// skopeo's own oci: transport rewrites the config into the OCI schema, which
// drops Docker's Healthcheck, so an image exported that way no longer says
// what the image in the engine says. Docker 25 and BuildKit keep the config
// as it is, with only the media types changed, and so does this command.
// Layer media types follow the blob's magic bytes, not the name skopeo gave.
//
// scripts/testenv-images runs it for the end-to-end images. FOLDER is left
// as it was; LAYOUT must not exist yet.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	tag := flag.String("tag", "", "org.opencontainers.image.ref.name of the image in index.json")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: ocilayout [-tag TAG] FOLDER LAYOUT")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}

	if err := convert(flag.Arg(0), flag.Arg(1), *tag); err != nil {
		fmt.Fprintf(os.Stderr, "ocilayout: %v\n", err)
		os.Exit(1)
	}
}
