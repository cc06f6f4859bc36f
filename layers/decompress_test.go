package layers

import (
	"bytes"
	"io"
	"testing"
)

func TestDecompress(t *testing.T) {
	plain := tarOf(t, file("etc/hostname", "box\n"), dir("srv"))
	gzTwice := append(gz(t, plain[:512]), gz(t, plain[512:])...)

	tests := []struct {
		name string
		blob []byte
	}{
		{"gzip", gz(t, plain)},
		{"gzip in two members", gzTwice},
		{"zstd", zst(t, plain)},
		{"uncompressed", plain},
		{"empty", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, err := Decompress(bytes.NewReader(tt.blob))
			if err != nil {
				t.Fatalf("Decompress: %v", err)
			}
			defer rc.Close()

			got, err := io.ReadAll(rc)
			if err != nil {
				t.Fatalf("reading: %v", err)
			}
			want := plain
			if tt.blob == nil {
				want = nil
			}
			if !bytes.Equal(got, want) {
				t.Errorf("got %d bytes, want the %d bytes of the tar", len(got), len(want))
			}
		})
	}
}

func TestDecompressCorrupt(t *testing.T) {
	blob := gz(t, tarOf(t, file("a", "b")))
	if _, err := Decompress(bytes.NewReader(blob[:5])); err == nil {
		t.Error("Decompress of a truncated gzip header: no error")
	}
}
