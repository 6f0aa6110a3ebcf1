System.Console.WriteLine("autofoh");
