// Placeholder; the test server is written in its own change.
Console.WriteLine("test server");
