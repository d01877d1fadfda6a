module latch.test/interop/go

go 1.19
