# SET application_name = '<input>' (per-request tagging built by concatenation)
SET application_name = 'orders-api'
! SET application_name = 'x'; SET ROLE postgres; --'
! SET ROLE postgres
! SET SESSION AUTHORIZATION postgres
! SET LOCAL ROLE admin
! RESET ROLE
! SELECT set_config('role', 'postgres', false)
! SELECT * FROM users WHERE id = 1 AND set_config('session_authorization', 'postgres', false) IS NOT NULL
! CREATE ROLE backdoor LOGIN SUPERUSER PASSWORD 'x'
! ALTER USER app_user WITH SUPERUSER
! ALTER ROLE app_user CREATEROLE
! ALTER SYSTEM SET log_statement = 'none'
