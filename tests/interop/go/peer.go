// A TLS peer on Go's crypto/tls for tests/interop/test_go_tls.sh: a
// client that sends an HTTP request and prints the page, or a server that
// answers one line with what it negotiated. Each side prints one summary
// line per connection:
//
//	go: conn=N version=V suite=S resumed=true|false peer-cert=CN|(none)
//
// where peer-cert is the peer's certificate in a full handshake.
//
// Standard library only.
package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"
)

var versions = map[string]uint16{"1.2": tls.VersionTLS12, "1.3": tls.VersionTLS13}

var versionNames = map[uint16]string{tls.VersionTLS12: "TLSv1.2", tls.VersionTLS13: "TLSv1.3"}

var curves = map[string]tls.CurveID{
	"X25519": tls.X25519, "P-256": tls.CurveP256, "P-384": tls.CurveP384,
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "go peer: "+format+"\n", args...)
	os.Exit(1)
}

func loadPool(file string) *x509.CertPool {
	pem, err := os.ReadFile(file)
	if err != nil {
		fail("%v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		fail("%s holds no certificate", file)
	}
	return pool
}

// parseCurves turns "X25519,P-384" into CurvePreferences, in that order.
func parseCurves(list string) []tls.CurveID {
	var out []tls.CurveID
	for _, name := range strings.Split(list, ",") {
		id, ok := curves[name]
		if !ok {
			fail("unknown curve %q (X25519, P-256 or P-384)", name)
		}
		out = append(out, id)
	}
	return out
}

// parseSuites turns IANA names into TLS 1.2 suite IDs (Go does not let
// TLS 1.3 suites be chosen).
func parseSuites(list string) []uint16 {
	var out []uint16
	for _, name := range strings.Split(list, ",") {
		found := false
		for _, s := range tls.CipherSuites() {
			if s.Name == name {
				out = append(out, s.ID)
				found = true
			}
		}
		if !found {
			fail("unknown cipher suite %q", name)
		}
	}
	return out
}

func summary(n int, st tls.ConnectionState) string {
	cn := "(none)"
	if len(st.PeerCertificates) > 0 && !st.DidResume {
		cn = st.PeerCertificates[0].Subject.CommonName
	}
	return fmt.Sprintf("go: conn=%d version=%s suite=%s resumed=%t peer-cert=%s", n,
		versionNames[st.Version], tls.CipherSuiteName(st.CipherSuite), st.DidResume, cn)
}

func runClient(cfg *tls.Config, addr string, conns int) {
	cfg.ClientSessionCache = tls.NewLRUClientSessionCache(4)
	for n := 1; n <= conns; n++ {
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 10 * time.Second}, "tcp", addr, cfg)
		if err != nil {
			fail("connection %d: %v", n, err)
		}
		if _, err := io.WriteString(conn, "GET / HTTP/1.0\r\n\r\n"); err != nil {
			fail("connection %d: write: %v", n, err)
		}
		// Read to the server's close_notify, so the TLS 1.3 tickets that
		// follow the handshake reach the session cache.
		page, err := io.ReadAll(conn)
		if err != nil {
			fail("connection %d: read: %v", n, err)
		}
		os.Stdout.Write(page)
		fmt.Println(summary(n, conn.ConnectionState()))
		conn.Close()
	}
}

// serve answers one line with the summary and the line, then waits for
// the client's close_notify before closing.
func serve(n int, conn *tls.Conn) error {
	defer conn.Close()
	if err := conn.Handshake(); err != nil {
		return err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	s := summary(n, conn.ConnectionState())
	fmt.Println(s)
	if _, err := fmt.Fprintf(conn, "%s\nyou sent: %s", s, line); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if _, err := io.Copy(io.Discard, conn); err != nil {
		return fmt.Errorf("waiting for close_notify: %w", err)
	}
	return nil
}

func runServer(cfg *tls.Config, accept int) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail("%v", err)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	for n := 1; n <= accept; n++ {
		raw, err := ln.Accept()
		if err != nil {
			fail("accept: %v", err)
		}
		raw.SetDeadline(time.Now().Add(30 * time.Second))
		if err := serve(n, tls.Server(raw, cfg)); err != nil && !errors.Is(err, io.EOF) {
			fmt.Printf("go: conn=%d failed: %v\n", n, err)
		}
	}
}

func main() {
	mode := flag.String("mode", "", "client or server")
	connect := flag.String("connect", "", "client: HOST:PORT")
	version := flag.String("version", "1.3", "1.2 or 1.3 (the only version)")
	curveList := flag.String("curves", "", "CurvePreferences, comma-separated")
	suiteList := flag.String("suites", "", "TLS 1.2 suites, comma-separated IANA names")
	ca := flag.String("ca", "", "client: CA to verify the server with")
	cert := flag.String("cert", "", "certificate chain, PEM")
	key := flag.String("key", "", "private key of -cert, PEM")
	clientCA := flag.String("client-ca", "", "server: require a client certificate from this CA")
	count := flag.Int("n", 1, "client: connections (resuming); server: connections to accept")
	flag.Parse()

	v, ok := versions[*version]
	if !ok {
		fail("-version is 1.2 or 1.3")
	}
	cfg := &tls.Config{MinVersion: v, MaxVersion: v, ServerName: "localhost"}
	if *curveList != "" {
		cfg.CurvePreferences = parseCurves(*curveList)
	}
	if *suiteList != "" {
		cfg.CipherSuites = parseSuites(*suiteList)
	}
	if *cert != "" {
		pair, err := tls.LoadX509KeyPair(*cert, *key)
		if err != nil {
			fail("%v", err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	switch *mode {
	case "client":
		if *ca == "" || *connect == "" {
			fail("a client needs -ca and -connect")
		}
		cfg.RootCAs = loadPool(*ca)
		runClient(cfg, *connect, *count)
	case "server":
		if *clientCA != "" {
			cfg.ClientCAs = loadPool(*clientCA)
			cfg.ClientAuth = tls.RequireAndVerifyClientCert
		}
		runServer(cfg, *count)
	default:
		fail("-mode is client or server")
	}
}
