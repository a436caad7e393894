INSERT INTO customers (id, name, email, balance) VALUES ('acme', 'Acme Corp', 'billing@acme.example', 1200.00);
INSERT INTO customers (id, name, email, balance) VALUES ('globex', 'Globex Inc', 'ap@globex.example', 48000.00);
INSERT INTO customers (id, name, email, balance) VALUES ('initech', 'Initech', 'finance@initech.example', 310.50);
