package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
)

// badCase is one broken input: the name it is written under, and how.
type badCase struct {
	name  string
	write func(p string) error
}

// cases are the inputs mkbad writes, in order.
var cases = []badCase{
	{"truncated.tar", truncated},
	{"corrupt-gzip.tar", corruptGzip},
	{"missing-layer.tar", missingLayer},
	{"config-not-json.tar", configNotJSON},
	{"diffid-mismatch.tar", diffIDMismatch},
	{"digest-mismatch", digestMismatch},
	{"empty.tar", func(p string) error { return writeFile(p, nil) }},
	{"random.bin", random},
	{"archive.zip", zipFile},
	{"not-a-layout", notLayout},
	{"other-platforms", otherPlatforms},
}

// truncated is a docker save tarball cut off in the middle of a layer.
func truncated(p string) error {
	b := goodSaved().archive()
	return writeFile(p, b[:len(b)*2/3])
}

// corruptGzip has a layer whose gzip stream is damaged in the middle of a
// file's data, where the gzip and tar headers still look right: only the
// checksum at the end of the stream tells.
func corruptGzip(p string) error {
	s := goodSaved()
	blob := bytes.Clone(s.layers[0])
	for i := len(blob) / 2; i < len(blob)/2+16; i++ {
		blob[i] ^= 0x5a
	}
	s.layers[0] = blob
	return writeFile(p, s.archive())
}

// missingLayer names a layer in manifest.json that the tarball lacks.
func missingLayer(p string) error {
	s := goodSaved()
	s.names = []string{"layer0.tar.gz", "gone/layer.tar"}
	return writeFile(p, s.archive())
}

// configNotJSON has a config blob that is not JSON.
func configNotJSON(p string) error {
	s := goodSaved()
	s.config = []byte("this is not json\n")
	return writeFile(p, s.archive())
}

// diffIDMismatch has a layer whose content is not the one the config's
// diff ID names: the blob was swapped for another valid layer.
func diffIDMismatch(p string) error {
	s := goodSaved()
	s.layers[1] = newLayer(member{"srv/app/server", []byte("swapped")}).blob
	return writeFile(p, s.archive())
}

// digestMismatch is an OCI layout folder whose second layer blob does not
// hash to the digest it is stored under and the manifest names.
func digestMismatch(p string) error {
	l := newLayout()
	ls := goodLayers()
	l.image("amd64", ls)
	swapped := newLayer(member{"srv/app/server", []byte("swapped")})
	l.blobs[digestOf(ls[1].blob)] = swapped.blob
	return l.write(p)
}

// random is bytes from a seeded generator.
func random(p string) error {
	return writeFile(p, noise(64<<10))
}

// zipFile is a zip archive holding what a docker save tarball would.
func zipFile(p string) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "manifest.json", Modified: built})
	if err != nil {
		return err
	}
	if _, err := w.Write([]byte("[]")); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return writeFile(p, buf.Bytes())
}

// notLayout is a folder holding files, but no oci-layout or index.json.
func notLayout(p string) error {
	if err := os.MkdirAll(filepath.Join(p, "blobs"), 0o755); err != nil {
		return err
	}
	return writeFile(filepath.Join(p, "README"), []byte("not an image\n"))
}

// otherPlatforms is an OCI layout whose index holds arm64 and s390x images
// only, so that linux/amd64 is not there.
func otherPlatforms(p string) error {
	l := newLayout()
	l.image("arm64", goodLayers())
	l.image("s390x", goodLayers())
	return l.write(p)
}
