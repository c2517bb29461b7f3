/// The register protocol between an external client and a control program running on a UR
/// controller, as used by ur_rtde's `rtde_control` program and by Armature's own
/// `armature_control` program.
///
/// The client writes a command code to `input_int_register_0` and the command's arguments to
/// `input_double_register_0…`; the program answers in `output_int_register_0`: 1 ready for a
/// command, 2 done with the last one. Real-time commands (servo, speed) are taken every
/// controller cycle and answered with "ready" at once. Other commands run once; the client
/// waits for "done", then writes `noCommand` so the program becomes ready again.
public enum URRegisterCommand: Int32, CaseIterable, Hashable, Sendable {
  /// Idle: the client acknowledges "done".
  case noCommand = 0
  /// `movej(q, a, v)`: doubles 0-5 q, 6 speed, 7 acceleration; int 1 = 1 for asynchronous.
  case moveJ = 1
  /// `speedj(qd, a, t)`: doubles 0-5 qd, 6 acceleration, 7 time.
  case speedJ = 9
  /// `servoj(q, t, lookahead, gain)`: doubles 0-5 q, 6 speed, 7 acceleration (both unused),
  /// 8 time, 9 lookahead time, 10 gain.
  case servoJ = 11
  /// Stop a speed motion: double 0 deceleration (rad/s²).
  case speedStop = 15
  /// Stop a servo motion: double 0 deceleration.
  case servoStop = 16
  /// `stopj(a)`: double 0 deceleration.
  case stopJ = 34
  /// `rtde_set_watchdog("input_int_register_0", f, "stop")`: double 0 = f (Hz).
  case setWatchdog = 35
  /// ur_rtde's watchdog kick: refreshes the input, otherwise no effect.
  case kickWatchdog = 99
  /// End the program.
  case stopScript = 255

  /// Whether the program takes this command every cycle and answers "ready" (no handshake).
  public var isRealtime: Bool { self == .servoJ || self == .speedJ }

  /// Value of `output_int_register_0` when the program waits for a command.
  public static let ready: Int32 = 1
  /// Value of `output_int_register_0` when the program finished the last command.
  public static let done: Int32 = 2
}

/// Armature's control program for UR controllers (URScript), uploaded by `URRTDEArm` to the
/// script port. It implements the register protocol of `URRegisterCommand` for servo, speed,
/// stop and watchdog commands, and echoes the sequence number in `input_int_register_1` to
/// `output_int_register_1` each time it takes a real-time command (for latency measurement and
/// to confirm delivery).
public enum URControlProgram {
  /// The name in the program's `def` line.
  public static let name = "armature_control"

  /// The program text.
  public static let text = """
    def armature_control():
      # Armature external-control program. The client writes a command code to
      # input_int_register_0 and arguments to input_double_register_0..10; this program answers
      # 1 (ready) or 2 (done) in output_int_register_0. Codes: 9 speedj, 11 servoj, 15/16/34 stop,
      # 35 arm the RTDE watchdog, 255 end.
      global servo_q = get_actual_joint_positions()
      global servo_t = 0.002
      global servo_lookahead = 0.1
      global servo_gain = 300
      global speed_qd = [0, 0, 0, 0, 0, 0]
      global speed_a = 1.0
      global servo_thread_id = 0
      global speed_thread_id = 0

      thread servo_loop():
        while True:
          enter_critical
          q = servo_q
          t = servo_t
          lookahead = servo_lookahead
          gain = servo_gain
          exit_critical
          servoj(q, 0, 0, t, lookahead, gain)
        end
      end

      thread speed_loop():
        while True:
          enter_critical
          qd = speed_qd
          a = speed_a
          exit_critical
          speedj(qd, a, 0.008)
        end
      end

      def argument_vector():
        return [read_input_float_register(0), read_input_float_register(1), read_input_float_register(2), read_input_float_register(3), read_input_float_register(4), read_input_float_register(5)]
      end

      write_output_integer_register(0, 1)
      running = True
      busy = False
      while running:
        command = read_input_integer_register(0)
        if command == 11:
          enter_critical
          servo_q = argument_vector()
          servo_t = read_input_float_register(8)
          servo_lookahead = read_input_float_register(9)
          servo_gain = read_input_float_register(10)
          exit_critical
          if speed_thread_id != 0:
            kill speed_thread_id
            speed_thread_id = 0
          end
          if servo_thread_id == 0:
            servo_thread_id = run servo_loop()
          end
          write_output_integer_register(1, read_input_integer_register(1))
          write_output_integer_register(0, 1)
        elif command == 9:
          enter_critical
          speed_qd = argument_vector()
          speed_a = read_input_float_register(6)
          exit_critical
          if servo_thread_id != 0:
            kill servo_thread_id
            servo_thread_id = 0
          end
          if speed_thread_id == 0:
            speed_thread_id = run speed_loop()
          end
          write_output_integer_register(1, read_input_integer_register(1))
          write_output_integer_register(0, 1)
        elif command == 0:
          busy = False
          write_output_integer_register(0, 1)
        elif not busy:
          busy = True
          if command == 15 or command == 16 or command == 34 or command == 255:
            # Assigned here, at program level, so the globals change (not function locals).
            enter_critical
            if servo_thread_id != 0:
              kill servo_thread_id
              servo_thread_id = 0
            end
            if speed_thread_id != 0:
              kill speed_thread_id
              speed_thread_id = 0
            end
            exit_critical
            if command == 255:
              stopj(10)
              running = False
            else:
              stopj(read_input_float_register(0))
            end
          elif command == 35:
            rtde_set_watchdog("input_int_register_0", read_input_float_register(0), "stop")
          end
          write_output_integer_register(0, 2)
        end
        sync()
      end
    end

    """
}
